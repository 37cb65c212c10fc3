import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { countPosts, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { DEFAULT_BACKOFF_MS } from './client';
import { newsItem, startRssFixture, type RssFixture } from './rss-fixture';

const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => newsItem(from + i)).reverse();

function rssSource(id: string, url: string): SourceSpec {
  return { id, type: 'rss', config: { url, name: id }, enabled: true, synthetic: false, pollEverySeconds: 3600 };
}

describe('rss connector faults through the real queue into Postgres', () => {
  let fixture: RssFixture;

  beforeEach(async () => {
    fixture = await startRssFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, ingest, poll } = usePipeline();

  it('a 429 storm delays only that feed until Retry-After; another feed is stored meanwhile; no job fails', async () => {
    const other = await startRssFixture();
    try {
      fixture.setFeed('/news.xml', 'rss', items(1, 2));
      other.setFeed('/blog.atom', 'atom', [newsItem(50, { date: '2025-01-08T11:00:00Z' })]);
      const storm = { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' };
      fixture.fail(storm, storm, storm);
      await start({
        sources: [rssSource('news', fixture.feedUrl('/news.xml')), rssSource('blog', other.feedUrl('/blog.atom'))],
      });
      await poll('news');
      await poll('blog');
      const limited = await waitFor(async () => {
        const s = await getSource(db, 'news');
        return s?.state === 'rate_limited' ? s : null;
      }, 'the feed to be rate limited');
      expect(limited.notBefore).not.toBeNull();
      expect(limited.lastError).toMatch(/429/);
      await waitFor(async () => (await postExternalIds(db)).includes(newsItem(50).id!), 'the other feed stored');

      await waitFor(async () => (await countPosts(db)) === 3, 'the limited feed after the storm', 20_000);
      expect(fixture.requests.map((r) => r.status)).toEqual([429, 429, 429, 200]);
      expect(other.requests.map((r) => r.status)).toEqual([200]);
      expect((await getSource(db, 'news'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a 403 from a CDN backs off for 15 minutes without stopping the source', async () => {
    fixture.setFeed('/news.xml', 'rss', items(1, 2));
    fixture.fail({ status: 403 });
    await start({ sources: [rssSource('news', fixture.feedUrl('/news.xml'))] });
    const before = Date.now();
    await poll('news');
    const s = await waitFor(async () => {
      const src = await getSource(db, 'news');
      return src?.state === 'rate_limited' ? src : null;
    }, 'the backoff');
    expect(s.enabled).toBe(true);
    expect(s.lastError).toMatch(/403/);
    expect(s.notBefore!.getTime()).toBeGreaterThanOrEqual(before + DEFAULT_BACKOFF_MS - 5_000);
    expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
  });

  it('a 500 is retried with backoff and the source recovers', async () => {
    fixture.setFeed('/news.xml', 'rss', items(1, 3));
    fixture.fail({ status: 500 });
    await start({ sources: [rssSource('news', fixture.feedUrl('/news.xml'))] });
    await poll('news');
    await waitFor(async () => (await getSource(db, 'news'))?.state === 'backoff', 'the backoff state');
    expect((await getSource(db, 'news'))?.lastError).toMatch(/500/);
    await waitFor(async () => (await countPosts(db)) === 3, 'posts after the retry', 20_000);
    expect((await getSource(db, 'news'))?.state).toBe('ok');
    expect(fixture.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it.each([
    [410, /410/],
    [401, /401/],
  ])('a %i stops the source and says why', async (status, why) => {
    fixture.setFeed('/news.xml', 'rss', items(1, 3));
    fixture.fail({ status });
    await start({ sources: [rssSource('news', fixture.feedUrl('/news.xml'))] });
    await poll('news');
    const s = await waitFor(async () => {
      const src = await getSource(db, 'news');
      return src?.state === 'stopped' ? src : null;
    }, 'the source to stop');
    expect(s.enabled).toBe(false);
    expect(s.lastError).toMatch(why);
    expect(await countPosts(db)).toBe(0);
  });
});
