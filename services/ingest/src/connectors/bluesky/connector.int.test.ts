import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConnectorDeps } from '../../testing/connector-deps';
import { AuthError, PermanentError, RateLimitedError } from '../../lib/errors';
import { EMPTY_WATCHLIST } from '../../watchlist';
import type { Connector, Cursor } from '../types';
import { FIXTURE_ACCOUNT, makePost, startBlueskyFixture, type BlueskyFixture } from './bluesky-fixture';
import { createBlueskyConnector } from './connector';

/** The connector against the fixture, without the pipeline: sessions, cursors and headers. */
describe('bluesky connector against the fixture', () => {
  let fixture: BlueskyFixture;
  let n = 0;
  beforeEach(async () => {
    fixture = await startBlueskyFixture();
  });
  afterEach(() => fixture.close());

  const connector = (config: Record<string, unknown>, over: Parameters<typeof testConnectorDeps>[1] = {}): Connector =>
    createBlueskyConnector(
      // A fresh source id per connector: sessions are kept per source id for the life of the process.
      { id: `b-unit-${++n}`, config: { service: fixture.url, identifier: FIXTURE_ACCOUNT.handle, ...config } },
      testConnectorDeps(new Date(), { secrets: { appPassword: FIXTURE_ACCOUNT.password }, ...over }),
    );
  const uris = (from: number, count: number) => Array.from({ length: count }, (_, i) => makePost(from + i).uri);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => makePost(from + i));

  it('takes the newest page of a new query, then drains newer posts with since and the cursor', async () => {
    fixture.index(...range(0, 30));
    const c = connector({ query: 'NHS', limit: 10 });
    const first = await c.fetchPage(null);
    expect(first.items.map((i) => i.externalId).sort()).toEqual(uris(20, 10).sort());
    expect(first.full).toBe(false);

    fixture.index(...range(30, 25));
    const pages = [];
    let cursor: Cursor | null = first.nextCursor;
    do {
      const p = await c.fetchPage(cursor);
      pages.push(p);
      cursor = p.nextCursor;
    } while (pages[pages.length - 1]!.full);
    // Since overlaps by two minutes; posts are five minutes apart, so only the boundary post repeats.
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 6]);
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.externalId)))).toEqual(new Set(uris(29, 26)));
    const searches = fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts');
    expect(searches.map((r) => [r.query.since ?? null, r.query.cursor ?? null])).toEqual([
      [null, null],
      ['2025-01-06T11:23:00.000Z', null],
      ['2025-01-06T11:23:00.000Z', '10'],
      ['2025-01-06T11:23:00.000Z', '20'],
    ]);
    expect(searches.every((r) => r.query.sort === 'latest' && r.query.limit === '10' && r.auth === 'access')).toBe(
      true,
    );
    expect(cursor).toEqual({ search: { NHS: { newest: makePost(54).indexedAt } }, authors: {} });
    // One sign-in for the whole run; no token ever reaches the cursor.
    expect(fixture.requests.filter((r) => r.nsid === 'com.atproto.server.createSession')).toHaveLength(1);
    expect(JSON.stringify(cursor)).not.toMatch(/fixture-(access|refresh)/);
  });

  it('refreshes an expired access token and retries once; a rejected refresh token signs in again', async () => {
    fixture.index(...range(0, 3));
    const c = connector({ query: 'NHS' });
    const first = await c.fetchPage(null);
    fixture.index(...range(3, 2));
    fixture.expireAccessTokens();
    const second = await c.fetchPage(first.nextCursor);
    expect(second.items.map((i) => i.externalId)).toEqual(expect.arrayContaining(uris(3, 2)));
    expect(fixture.requests.map((r) => `${r.nsid}:${r.auth}:${r.status}`)).toEqual([
      'com.atproto.server.createSession:none:200',
      'app.bsky.feed.searchPosts:access:200',
      'app.bsky.feed.searchPosts:stale:400',
      'com.atproto.server.refreshSession:refresh:200',
      'app.bsky.feed.searchPosts:access:200',
    ]);

    fixture.expireAccessTokens();
    fixture.fail({ nsid: 'com.atproto.server.refreshSession', status: 400, body: { error: 'ExpiredToken' } });
    await c.fetchPage(second.nextCursor);
    expect(fixture.requests.slice(5).map((r) => `${r.nsid}:${r.status}`)).toEqual([
      'app.bsky.feed.searchPosts:400',
      'com.atproto.server.refreshSession:400',
      'com.atproto.server.createSession:200',
      'app.bsky.feed.searchPosts:200',
    ]);
  });

  it('a refused app password is an auth failure that names neither the password nor the identifier', async () => {
    const c = connector({ query: 'NHS' }, { secrets: { appPassword: 'wrong-pass-word-xxxx' } });
    const err = await c.fetchPage(null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/AuthenticationRequired/);
    expect((err as Error).message).not.toMatch(/wrong-pass|lp-bot/);
    fixture.fail({ nsid: 'com.atproto.server.createSession', status: 401, body: { error: 'AuthFactorTokenRequired' } });
    await expect(connector({ query: 'NHS' }).fetchPage(null)).rejects.toThrow(/AuthFactorTokenRequired/);
  });

  it('follows a watched account: reposts move the cursor but are not stored; older items close the gap', async () => {
    const actor = 'trust.bsky.social';
    const own = (i: number) => ({ post: makePost(i, { author: { did: 'did:plc:trust', handle: actor } }) });
    const repost = (i: number, at: number) => ({
      post: makePost(i),
      reason: {
        $type: 'app.bsky.feed.defs#reasonRepost',
        by: { did: 'did:plc:trust' },
        indexedAt: makePost(at).indexedAt,
      },
    });
    fixture.feed(actor, own(1), own(2), repost(90, 3));
    const c = connector({ accounts: [actor], limit: 2 });
    const first = await c.fetchPage(null);
    expect(first.items.map((i) => i.externalId)).toEqual([own(2).post.uri]);
    expect(first.nextCursor).toMatchObject({ authors: { [actor]: { newest: makePost(3).indexedAt } } });

    fixture.feed(actor, own(4), repost(91, 5), own(6), own(7));
    // Pages of two: [7, 6], [repost 5, 4], then [repost 3, 2] reaches the stored time and closes the gap.
    const pages = [await c.fetchPage(first.nextCursor)];
    while (pages[pages.length - 1]!.full) pages.push(await c.fetchPage(pages[pages.length - 1]!.nextCursor));
    expect(pages).toHaveLength(3);
    const b = pages[2]!;
    const stored = pages.flatMap((p) => p.items.map((i) => i.externalId)).sort();
    expect(stored).toEqual([own(4), own(6), own(7)].map((i) => i.post.uri).sort());
    expect(stored).not.toContain(makePost(91).uri);
    expect(b.nextCursor).toMatchObject({ authors: { [actor]: { newest: makePost(7).indexedAt } } });
  });

  it('a spent window (remaining 0) pauses the source; the streams not asked keep their cursors', async () => {
    fixture.index(...range(0, 2));
    fixture.feed('trust.bsky.social', { post: makePost(1) });
    const c = connector({ query: 'NHS', accounts: ['trust.bsky.social'] });
    const first = await c.fetchPage(null);
    fixture.setRemaining(1);
    const page = await c.fetchPage(first.nextCursor);
    expect(page.pauseUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((page.nextCursor as { authors: unknown }).authors).toEqual(
      (first.nextCursor as { authors: unknown }).authors,
    );
    expect(fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.getAuthorFeed')).toHaveLength(1);
  });

  it('a 429 without Retry-After waits for ratelimit-reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    fixture.fail({ status: 429, headers: { 'ratelimit-reset': String(reset), 'ratelimit-remaining': '0' } });
    const err = await connector({ query: 'NHS' })
      .fetchPage(null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAt.getTime()).toBe(reset * 1000);
  });

  it('searches the watch list term by term when the source sets no query, and refuses to watch nothing', async () => {
    fixture.index(
      makePost(1, {}, 'Great care at Royal Free Hospital today'),
      makePost(2, {}, 'Royal visit, free parking'),
    );
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free Hospital'], hashtags: ['NHS'] };
    const page = await connector({}, { watchlist }).fetchPage(null);
    expect(fixture.requests.filter((r) => r.nsid.endsWith('searchPosts')).map((r) => r.query.q)).toEqual([
      '"Royal Free Hospital"',
      '#NHS',
    ]);
    expect(page.items.map((i) => i.externalId)).toEqual([makePost(1).uri]);
    await expect(connector({}).fetchPage(null)).rejects.toThrow(PermanentError);
    await expect(connector({}).fetchPage(null)).rejects.toThrow(/nothing to watch/);
  });

  it('an account the AppView does not know stops the source with the reason', async () => {
    await expect(connector({ accounts: ['gone.bsky.social'] }).fetchPage(null)).rejects.toThrow(
      /getAuthorFeed answered 400 InvalidRequest: Profile not found/,
    );
  });
});
