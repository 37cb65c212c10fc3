import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConnectorDeps } from '../../testing/connector-deps';
import { AuthError, PermanentError, RateLimitedError } from '../../lib/errors';
import { EMPTY_WATCHLIST } from '../../watchlist';
import type { Connector, Cursor } from '../types';
import {
  FIXTURE_ACCOUNT,
  makePost,
  makePostAt,
  startBlueskyFixture,
  type BlueskyFixture,
  type FixturePost,
} from './bluesky-fixture';
import { createBlueskyConnector } from './connector';

const H = 3_600_000;
/** Posts n0, n0+1… `stepMin` minutes apart, newest first, the newest `fromMin` minutes ago. */
const postsBack = (n0: number, count: number, fromMin: number, stepMin: number, over: Partial<FixturePost> = {}) =>
  Array.from({ length: count }, (_, i) =>
    makePostAt(n0 + i, new Date(Date.now() - (fromMin + i * stepMin) * 60_000), over),
  );
const ids = (pages: Array<{ items: Array<{ externalId: string }> }>) =>
  pages.flatMap((p) => p.items.map((i) => i.externalId));
type Search = { search: Record<string, { newest: string; history?: Record<string, unknown> }> };

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
    // These posts (January 2025) all predate the 24-hour window: the newest page already reaches past
    // its start, so there is no older page to read and the window counts as covered.
    expect(first.full).toBe(false);
    expect(Math.abs(first.coveredFrom!.getTime() - (Date.now() - 24 * H))).toBeLessThan(60_000);

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

  it('a new query reads its window newest first, one older page per poll, then goes forward from its first page', async () => {
    // 30 posts within the last 24 hours (40 minutes apart), 5 older than that.
    const inWindow = postsBack(0, 30, 10, 40);
    fixture.index(...inWindow, ...postsBack(30, 5, 25 * 60, 40));
    const c = connector({ query: 'NHS', limit: 10 });

    const pages = [await c.fetchPage(null)];
    expect(pages[0]!.full).toBe(true);
    expect(pages[0]!.nextCursor).toMatchObject({
      search: {
        NHS: {
          newest: inWindow[0]!.indexedAt,
          history: {
            pagesLeft: 8,
            before: new Date(Date.parse(inWindow[9]!.indexedAt) + 1).toISOString(),
            edge: [inWindow[9]!.uri],
          },
        },
      },
      coveredFrom: {},
    });
    while (pages.at(-1)!.full) pages.push(await c.fetchPage(pages.at(-1)!.nextCursor));

    const searches = fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts');
    const until = searches[1]!.query.since!;
    expect(Math.abs(Date.parse(until) - (Date.now() - 24 * H))).toBeLessThan(60_000);
    // The newest page as before; then `since` = the window's start and `until` = just after the oldest post taken.
    expect(searches.map((r) => [r.query.since ?? null, r.query.until ?? null, r.query.cursor ?? null])).toEqual([
      [null, null, null],
      [until, new Date(Date.parse(inWindow[9]!.indexedAt) + 1).toISOString(), null],
      [until, new Date(Date.parse(inWindow[18]!.indexedAt) + 1).toISOString(), null],
      [until, new Date(Date.parse(inWindow[27]!.indexedAt) + 1).toISOString(), null],
    ]);
    // Each post of the window once, newest first; the boundary post asked again is not taken twice.
    expect(ids(pages)).toEqual(inWindow.map((p) => p.uri));
    expect(pages.map((p) => p.coveredFrom)).toEqual([undefined, undefined, undefined, new Date(until)]);
    expect(pages.at(-1)!.nextCursor).toEqual({ search: { NHS: { newest: inWindow[0]!.indexedAt } }, authors: {} });

    const newer = postsBack(100, 3, 0, 0.5);
    fixture.index(...newer);
    const forward = await c.fetchPage(pages.at(-1)!.nextCursor);
    expect(fixture.requests.at(-1)!.query.since).toBe(
      new Date(Date.parse(inWindow[0]!.indexedAt) - 120_000).toISOString(),
    );
    // The two-minute overlap asks for the first page's newest post again (dropped by the raw-items key).
    expect(forward.items.map((i) => i.externalId)).toEqual([...newer.map((p) => p.uri), inWindow[0]!.uri]);
    expect(forward.coveredFrom).toBeUndefined();
  });

  it('stops a history at backfillPages, covered only from the oldest post read', async () => {
    const inWindow = postsBack(0, 30, 10, 40);
    fixture.index(...inWindow);
    const c = connector({ query: 'NHS', limit: 10, backfillPages: 2 });
    const first = await c.fetchPage(null);
    expect((first.nextCursor as Search).search.NHS!.history).toMatchObject({ pagesLeft: 0 });
    const second = await c.fetchPage(first.nextCursor);
    expect(second.full).toBe(false);
    expect(ids([first, second])).toEqual(inWindow.slice(0, 19).map((p) => p.uri));
    expect(second.coveredFrom).toEqual(new Date(inWindow[18]!.indexedAt));
    expect(second.nextCursor).toEqual({ search: { NHS: { newest: inWindow[0]!.indexedAt } }, authors: {} });
  });

  it("reads a watched account's history too, and claims the window once, when the last history ends", async () => {
    const actor = 'trust.bsky.social';
    const trust = { author: { did: 'did:plc:trust', handle: actor } };
    // The account: 14 own posts and a repost in the window, 3 posts older than it.
    const own = postsBack(200, 14, 5, 60, trust);
    const old = postsBack(220, 3, 26 * 60, 60, trust);
    const repost = {
      post: makePost(299),
      reason: { $type: 'app.bsky.feed.defs#reasonRepost', indexedAt: new Date(Date.now() - 90 * 60_000).toISOString() },
    };
    fixture.feed(actor, ...own.map((post) => ({ post })), repost, ...old.map((post) => ({ post })));
    // The search: 40 posts in the window, more than three pages of 10.
    const hits = postsBack(0, 40, 10, 30);
    fixture.index(...hits);
    const c = connector({ query: 'NHS', accounts: [actor], limit: 10, backfillPages: 3 });

    const first = await c.fetchPage(null);
    const second = await c.fetchPage(first.nextCursor);
    // The account's second page reaches past the window: its history ends, covered from the window's start.
    const feeds = fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.getAuthorFeed');
    expect(feeds.map((r) => r.query.cursor ?? null)).toEqual([null, expect.any(String)]);
    expect(second.coveredFrom).toBeUndefined();
    expect(second.nextCursor).toMatchObject({ coveredFrom: { [`account:${actor}`]: expect.any(String) } });
    expect((second.nextCursor as { authors: Record<string, unknown> }).authors[actor]).toEqual({
      newest: own[0]!.indexedAt,
    });
    const third = await c.fetchPage(second.nextCursor);
    expect(third.full).toBe(false);
    // The search's third page ends its history at the page limit: the later of the two starts.
    expect(third.coveredFrom).toEqual(new Date(hits[27]!.indexedAt));
    expect(third.nextCursor).not.toHaveProperty('coveredFrom');
    // Meanwhile the account went forward from its first page's newest post (taken again at equal time).
    const feedRequests = fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.getAuthorFeed');
    expect(feedRequests.map((r) => r.query.cursor ?? null)).toEqual([null, expect.any(String), null]);
    const ofTrust = (u: string) => own.some((p) => p.uri === u) || old.some((p) => p.uri === u);
    expect(third.items.map((i) => i.externalId).filter(ofTrust)).toEqual([own[0]!.uri]);

    const history = ids([first, second]);
    expect(history).toHaveLength(new Set(history).size);
    expect(history.filter(ofTrust).sort()).toEqual(own.map((p) => p.uri).sort());
    expect(history).not.toContain(makePost(299).uri);
    expect(ids([first, second, third]).filter((u) => !ofTrust(u))).toEqual(hits.slice(0, 28).map((p) => p.uri));
  });

  it('a spent window pauses a history, which resumes where it was', async () => {
    const inWindow = postsBack(0, 15, 10, 40);
    fixture.index(...inWindow);
    fixture.setRemaining(1);
    const c = connector({ query: 'NHS', limit: 10 });
    const first = await c.fetchPage(null);
    expect(first.pauseUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((first.nextCursor as Search).search.NHS!.history).toMatchObject({ pagesLeft: 8 });
    fixture.setRemaining(3000);
    const second = await c.fetchPage(first.nextCursor);
    expect(ids([first, second])).toEqual(inWindow.map((p) => p.uri));
    expect(second.coveredFrom).toBeDefined();
  });

  it('an existing source goes on forward; a query added to it reads its history but claims no coverage', async () => {
    const posts = postsBack(0, 15, 10, 40);
    fixture.index(...posts);
    const watchlist = { ...EMPTY_WATCHLIST, names: ['walk-in centre'], hashtags: ['NHS'] };
    const c = connector({ limit: 10 }, { watchlist });
    // A cursor stored before backfill existed: the hashtag's stream only.
    const stored = { search: { '#NHS': { newest: posts[4]!.indexedAt } }, authors: {} };
    const first = await c.fetchPage(stored);
    const second = await c.fetchPage(first.nextCursor);
    const searches = fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts');
    expect(searches.map((r) => [r.query.q, r.query.until === undefined])).toEqual([
      ['"walk-in centre"', true],
      ['#NHS', true],
      ['"walk-in centre"', false],
      ['#NHS', true],
    ]);
    expect(searches[1]!.query.since).toBe(new Date(Date.parse(posts[4]!.indexedAt) - 120_000).toISOString());
    expect([first.coveredFrom, second.coveredFrom]).toEqual([undefined, undefined]);
    expect(second.nextCursor).toEqual({
      search: { '"walk-in centre"': { newest: posts[0]!.indexedAt }, '#NHS': { newest: posts[0]!.indexedAt } },
      authors: {},
    });
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
