import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import type { RssCursor } from './connector';
import { newsItem, startRssFixture, type RssFixture } from './rss-fixture';

const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => newsItem(from + i)).reverse();
const idsOf = (from: number, n: number) =>
  items(from, n)
    .map((i) => i.id!)
    .sort();

function rssSource(id: string, url: string): SourceSpec {
  return { id, type: 'rss', config: { url, name: id }, enabled: true, synthetic: false, pollEverySeconds: 3600 };
}

describe('rss connector through the real queue into Postgres', () => {
  let fixture: RssFixture;

  beforeEach(async () => {
    fixture = await startRssFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, stop, poll } = usePipeline();

  const rawItems = (sourceId: string) =>
    count(db, sql`select count(*)::int as n from raw_items where source_id = ${sourceId}`);
  /** Polls and waits until the poll has been stored (lastPolledAt moves). */
  const pollAndSettle = async (sourceId: string) => {
    const before = (await getSource(db, sourceId))?.lastPolledAt?.getTime() ?? 0;
    await poll(sourceId);
    await waitFor(async () => ((await getSource(db, sourceId))?.lastPolledAt?.getTime() ?? 0) > before, 'the poll');
  };

  it('stores what a feed holds, then only the items added as it grows; an unchanged feed is a free 304', async () => {
    fixture.setFeed('/news.xml', 'rss', items(1, 3));
    fixture.setFeed('/blog.atom', 'atom', [
      newsItem(100, { id: 'tag:trust.example.nhs.uk,2025:100', date: '2025-01-10T13:00:00Z' }),
    ]);
    fixture.setFeed('/podcast.xml', 'podcast', [
      newsItem(200, { title: 'Ep 1: speaking up', summary: 'A guardian on raising concerns.' }),
    ]);
    await start({
      sources: [
        rssSource('news', fixture.feedUrl('/news.xml')),
        rssSource('blog', fixture.feedUrl('/blog.atom')),
        rssSource('pod', fixture.feedUrl('/podcast.xml')),
      ],
    });
    await Promise.all([poll('news'), poll('blog'), poll('pod')]);
    await waitFor(async () => (await countPosts(db)) === 5, '5 posts from three feeds');
    expect(await postExternalIds(db)).toEqual(
      [...idsOf(1, 3), 'tag:trust.example.nhs.uk,2025:100', newsItem(200).id!].sort(),
    );
    const ep = await db.execute<{ text: string }>(sql`select text from posts where external_id = ${newsItem(200).id}`);
    expect(ep.rows[0]!.text).toBe('Ep 1: speaking up\n\nA guardian on raising concerns.');

    const cursor = (await getSource(db, 'news'))!.cursor as unknown as RssCursor;
    await pollAndSettle('news');
    expect(fixture.requests.filter((r) => r.path === '/news.xml').at(-1)).toMatchObject({
      status: 304,
      ifNoneMatch: cursor.etag,
      ifModifiedSince: cursor.lastModified,
    });
    expect(await rawItems('news')).toBe(3);
    expect((await getSource(db, 'news'))?.cursor).toEqual(cursor);

    // The feed grows by two and rotates its oldest item out: feeds report no deletions, so it stays.
    fixture.setFeed('/news.xml', 'rss', items(2, 4));
    await poll('news');
    await waitFor(async () => (await countPosts(db)) === 7, 'the 2 new items');
    expect(await rawItems('news')).toBe(5);
    expect(await postExternalIds(db)).toEqual(expect.arrayContaining(idsOf(1, 5)));
    expect((await getSource(db, 'news'))?.state).toBe('ok');
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('resumes from the stored cursor after a restart: validators sent, only new items stored', async () => {
    fixture.setFeed('/news.xml', 'rss', items(1, 3));
    const sources = [rssSource('news', fixture.feedUrl('/news.xml'))];
    await start({ sources });
    await poll('news');
    await waitFor(async () => (await countPosts(db)) === 3, 'the first 3 posts');
    const cursor = (await getSource(db, 'news'))!.cursor as unknown as RssCursor;
    await stop();

    fixture.setFeed('/news.xml', 'rss', items(1, 5));
    await start({ sources });
    await poll('news');
    await waitFor(async () => (await countPosts(db)) === 5, 'the 2 new posts');
    expect(fixture.requests.at(-1)).toMatchObject({ status: 200, ifNoneMatch: cursor.etag });
    expect(await rawItems('news')).toBe(5);
    expect(await postExternalIds(db)).toEqual(idsOf(1, 5));
  });

  it('quarantines an item with a bad pubDate and a body that is not a feed; the rest is stored, the source runs on', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(3), newsItem(2, { date: 'Thursday-ish' }), newsItem(1)]);
    await start({ sources: [rssSource('news', fixture.feedUrl('/news.xml'))] });
    await poll('news');
    await waitFor(async () => (await countPosts(db)) === 2, 'the 2 good posts');
    const q = await db.execute<{
      reason: string;
      payload: Record<string, unknown>;
      stage: string;
      external_id: string;
    }>(sql`select reason, payload, stage, external_id from quarantine where source_id = 'news'`);
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]).toMatchObject({ stage: 'transform', external_id: newsItem(2).id });
    expect(q.rows[0]!.reason).toMatch(/pubDate "Thursday-ish"/);
    expect(q.rows[0]!.payload.pubDate).toBe('Thursday-ish');

    fixture.setRaw(
      '/news.xml',
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>',
    );
    await pollAndSettle('news');
    const page = await db.execute<{ reason: string; payload: { body: string } }>(
      sql`select reason, payload from quarantine where source_id = 'news' and external_id is null`,
    );
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]!.reason).toMatch(/not XML|not an RSS 2.0 or Atom feed/);
    expect(page.rows[0]!.payload.body).toContain('Just a moment...');
    const s = await getSource(db, 'news');
    expect(s).toMatchObject({ state: 'ok', enabled: true });
    expect(Object.keys((s!.cursor as unknown as RssCursor).seen!)).toHaveLength(3);
    expect(await countPosts(db)).toBe(2);
  });

  it('an RSS item republished with new text and an Atom entry with a later `updated` replace the stored posts', async () => {
    const entry = newsItem(7, { id: 'tag:trust.example.nhs.uk,2025:7', date: '2025-01-07T10:00:00Z' });
    fixture.setFeed('/news.xml', 'rss', [newsItem(2), newsItem(1)]);
    fixture.setFeed('/blog.atom', 'atom', [entry]);
    await start({
      sources: [rssSource('news', fixture.feedUrl('/news.xml')), rssSource('blog', fixture.feedUrl('/blog.atom'))],
    });
    await Promise.all([poll('news'), poll('blog')]);
    await waitFor(async () => (await countPosts(db)) === 3, 'the 3 posts');

    fixture.setFeed('/news.xml', 'rss', [
      newsItem(2, { html: '<p>Correction: ward 2 reopens on Monday.</p>' }),
      newsItem(1),
    ]);
    fixture.setFeed('/blog.atom', 'atom', [
      { ...entry, html: '<p>Update: visiting hours extended.</p>', updated: '2025-01-08T09:00:00Z' },
    ]);
    await Promise.all([poll('news'), poll('blog')]);
    const textOf = async (id: string) =>
      (
        await db.execute<{ text: string; version: string }>(
          sql`select text, version from posts where external_id = ${id}`,
        )
      ).rows[0];
    await waitFor(async () => (await textOf(newsItem(2).id!))?.text.includes('Correction'), 'the RSS edit');
    await waitFor(async () => (await textOf(entry.id!))?.text.includes('visiting hours'), 'the Atom edit');
    expect((await textOf(entry.id!))?.version).toBe('2025-01-08T09:00:00.000Z');
    expect(await countPosts(db)).toBe(3);
    await waitFor(
      async () => (await count(db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
      'tagging done',
    );
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });
});
