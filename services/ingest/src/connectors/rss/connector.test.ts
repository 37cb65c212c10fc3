import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, TransientError } from '../../lib/errors';
import { testConnectorDeps } from '../../testing/connector-deps';
import type { Cursor, Page } from '../types';
import { DEFAULT_BACKOFF_MS } from './client';
import { FIRST_POLL_MAX_ITEMS, createRssConnector, type RssCursor } from './connector';
import { newsItem, startRssFixture, type RssFixture } from './rss-fixture';

const NOW = new Date('2026-01-10T12:00:00Z');
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => newsItem(from + i)).reverse();
const ids = (p: Page) => p.items.map((i) => i.externalId).sort();

describe('rss connector against the fixture feeds', () => {
  let fixture: RssFixture;
  const connector = (path = '/news.xml') =>
    createRssConnector({ id: 'r1', config: { url: fixture.feedUrl(path) } }, testConnectorDeps(NOW));

  beforeEach(async () => {
    fixture = await startRssFixture();
  });
  afterEach(() => fixture.close());

  it('stores what the feed holds, then only new items; an unchanged feed is a 304 that keeps the cursor', async () => {
    fixture.setFeed('/news.xml', 'rss', range(1, 3));
    const first = await connector().fetchPage(null);
    expect(ids(first)).toEqual(
      range(1, 3)
        .map((i) => i.id)
        .sort(),
    );
    expect(first.full).toBe(false);
    const cursor = first.nextCursor as unknown as RssCursor;
    expect(cursor.etag).toMatch(/^"/);
    expect(cursor.lastModified).toMatch(/GMT$/);
    expect(Object.keys(cursor.seen!)).toHaveLength(3);

    const same = await connector().fetchPage(first.nextCursor);
    expect(same).toEqual({ items: [], quarantined: [], nextCursor: first.nextCursor, full: false });
    expect(fixture.requests[1]).toMatchObject({
      status: 304,
      ifNoneMatch: cursor.etag,
      ifModifiedSince: cursor.lastModified,
    });

    fixture.setFeed('/news.xml', 'rss', range(2, 3)); // item 1 rotated out, 4 new
    const grown = await connector().fetchPage(first.nextCursor);
    expect(ids(grown)).toEqual([newsItem(4).id]);
    expect(Object.keys((grown.nextCursor as unknown as RssCursor).seen!)).toHaveLength(3);
  });

  it('starts afresh when the source is pointed at another feed', async () => {
    fixture.setFeed('/news.xml', 'rss', range(1, 2));
    fixture.setFeed('/other.xml', 'rss', range(1, 2));
    const first = await connector().fetchPage(null);
    const moved = await connector('/other.xml').fetchPage(first.nextCursor);
    expect(fixture.requests.at(-1)).toMatchObject({ path: '/other.xml', status: 200, ifNoneMatch: null });
    expect(moved.items).toHaveLength(2);
    expect(moved.nextCursor).toMatchObject({ url: fixture.feedUrl('/other.xml') });
  });

  it('a new source takes only the newest items of a long podcast feed', async () => {
    fixture.setFeed('/podcast.xml', 'podcast', range(1, FIRST_POLL_MAX_ITEMS + 20));
    const page = await connector('/podcast.xml').fetchPage(null);
    expect(page.items).toHaveLength(FIRST_POLL_MAX_ITEMS);
    expect(ids(page)).not.toContain(newsItem(20).id);
    expect(ids(page)).toContain(newsItem(21).id);
  });

  it('gives an RSS item republished with new text a version that sorts after the stored one', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1), newsItem(2)]);
    const first = await connector().fetchPage(null);
    fixture.setFeed('/news.xml', 'rss', [
      newsItem(1),
      newsItem(2, { html: '<p>Corrected: ward 2 reopens on Monday.</p>' }),
    ]);
    const edit = await connector().fetchPage(first.nextCursor);
    expect(edit.items).toHaveLength(1);
    const d = edit.items[0]!.draft;
    expect(d.externalId).toBe(newsItem(2).id);
    expect(d.text).toContain('Corrected');
    expect(d.version > '').toBe(true);
    expect(d.version.startsWith(NOW.toISOString())).toBe(true);
  });

  it("trusts Atom's `updated` as the edit version", async () => {
    const entry = newsItem(1, { date: '2025-01-06T10:00:00Z' });
    fixture.setFeed('/blog.atom', 'atom', [entry]);
    const first = await connector('/blog.atom').fetchPage(null);
    expect(first.items[0]!.draft.version).toBe('');
    fixture.setFeed('/blog.atom', 'atom', [{ ...entry, html: '<p>Updated.</p>', updated: '2025-01-07T10:00:00Z' }]);
    const edit = await connector('/blog.atom').fetchPage(first.nextCursor);
    expect(edit.items.map((i) => i.draft.version)).toEqual(['2025-01-07T10:00:00.000Z']);
  });

  it('quarantines a broken item once, and reads it again once fixed', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1), newsItem(2, { date: 'soon' })]);
    const first = await connector().fetchPage(null);
    expect(first.items).toHaveLength(1);
    expect(first.quarantined).toEqual([
      {
        externalId: newsItem(2).id,
        reason: expect.stringMatching(/pubDate "soon"/),
        payload: expect.objectContaining({ pubDate: 'soon' }),
      },
    ]);
    fixture.setFeed('/news.xml', 'rss', [newsItem(3), newsItem(1), newsItem(2, { date: 'soon' })]);
    const again = await connector().fetchPage(first.nextCursor);
    expect(again.quarantined).toEqual([]);
    fixture.setFeed('/news.xml', 'rss', [newsItem(3), newsItem(1), newsItem(2)]);
    const fixed = await connector().fetchPage(again.nextCursor);
    expect(fixed.items.map((i) => [i.externalId, i.draft.version])).toEqual([[newsItem(2).id, '']]);
  });

  it('quarantines a body that is not a feed, keeps the items seen and does not stop', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1)]);
    const first = await connector().fetchPage(null);
    const page = '<html><body>' + 'x'.repeat(100_000) + '</body></html>';
    fixture.setRaw('/news.xml', page);
    const broken = await connector().fetchPage(first.nextCursor);
    expect(broken.items).toEqual([]);
    expect(broken.quarantined).toHaveLength(1);
    const q = broken.quarantined[0]!;
    expect(q.reason).toMatch(/not an RSS 2.0 or Atom feed: root element <html>/);
    expect((q.payload as { body: string }).body).toBe(page.slice(0, 64 * 1024));
    const next = broken.nextCursor as unknown as RssCursor;
    expect(next.seen).toEqual((first.nextCursor as unknown as RssCursor).seen);
    // The same broken body is not quarantined again on the next poll.
    expect((await connector().fetchPage(broken.nextCursor)).quarantined).toEqual([]);
    expect(fixture.requests.at(-1)!.status).toBe(304);
  });

  it.each([
    [410, {}, PermanentError, /410.*gone/],
    [404, {}, PermanentError, /404/],
    [401, {}, AuthError, /401/],
    [500, {}, TransientError, /500/],
    [429, { 'retry-after': '2' }, RateLimitedError, /429/],
    [403, {}, RateLimitedError, /403/],
  ])('maps HTTP %i to the poller outcome', async (status, headers, Err, message) => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1)]);
    fixture.fail({ status, headers });
    const err = await connector()
      .fetchPage(null as Cursor | null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Err);
    expect((err as Error).message).toMatch(message);
    if (status === 429) expect((err as RateLimitedError).retryAt.getTime()).toBe(NOW.getTime() + 2000);
    if (status === 403) expect((err as RateLimitedError).retryAt.getTime()).toBe(NOW.getTime() + DEFAULT_BACKOFF_MS);
  });

  it('treats a network failure as transient', async () => {
    const url = fixture.feedUrl('/news.xml');
    await fixture.close();
    const c = createRssConnector({ id: 'r1', config: { url } }, testConnectorDeps(NOW));
    await expect(c.fetchPage(null)).rejects.toBeInstanceOf(TransientError);
    fixture = await startRssFixture();
  });
});
