import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError } from '../../lib/errors';
import { testConnectorDeps } from '../../testing/connector-deps';
import { EMPTY_WATCHLIST } from '../../watchlist';
import type { ConnectorDeps, Cursor } from '../types';
import { buildQuery, createXConnector, snowflakeTime, type XCursor } from './connector';
import { zXConfig } from './config';
import { makeTweet, snowflake, snowflakes, startXFixture, type XFixture } from './x-fixture';

const hourAgo = () => new Date(Date.now() - 3_600_000);
const H = 3_600_000;
/** `n` post ids `stepMin` minutes apart, newest first, the newest `fromMin` minutes ago. */
const postsBack = (fromMin: number, n: number, stepMin: number) =>
  Array.from({ length: n }, (_, i) => snowflake(new Date(Date.now() - (fromMin + i * stepMin) * 60_000)));

describe('x connector against the recent-search fixture', () => {
  let fx: XFixture;
  beforeEach(async () => {
    fx = await startXFixture();
  });
  afterEach(() => fx.close());

  const connector = (config: Record<string, unknown> = {}, over: Partial<ConnectorDeps> = {}) =>
    createXConnector(
      { id: 'x1', config: { query: 'nhs', baseUrl: fx.url, ...config } },
      testConnectorDeps(new Date(), { secrets: { bearerToken: fx.token }, ...over }),
    );

  it('with backfillHours 0 starts at the newest page only, then drains with next_token under a fixed since_id', async () => {
    const first = snowflakes(hourAgo(), 30);
    fx.add(...first.map((id) => makeTweet(id)));
    const x = connector({ maxResults: 10, backfillHours: 0 });
    let page = await x.fetchPage(null);
    expect(page.items.map((i) => i.externalId)).toEqual(first.slice(20).reverse());
    expect(page).toMatchObject({ full: false, reads: 10, nextCursor: { sinceId: first[29] } });
    expect(fx.requests[0]!.query).toMatchObject({ query: 'nhs', max_results: '10', expansions: 'author_id' });
    expect(fx.requests[0]!.auth).toBe(`Bearer ${fx.token}`);

    const more = snowflakes(new Date(), 25);
    fx.add(...more.map((id) => makeTweet(id)));
    const served: string[] = [];
    let cursor: Cursor | null = page.nextCursor;
    for (let i = 0; i < 3; i++) {
      page = await x.fetchPage(cursor);
      served.push(...page.items.map((it) => it.externalId));
      cursor = page.nextCursor;
      expect(page.full).toBe(i < 2);
    }
    expect(served.sort()).toEqual([...more].sort());
    expect(fx.requests.slice(1).map((r) => r.query.since_id)).toEqual([first[29], first[29], first[29]]);
    expect(fx.requests.slice(1).map((r) => Boolean(r.query.next_token))).toEqual([false, true, true]);
    expect(cursor).toEqual({ sinceId: more[24] });
  });

  it('a new source reads its window newest first, one older page per poll, then goes forward from the first page', async () => {
    // 30 posts within the last 24 hours (40 minutes apart), 5 older than that.
    const inWindow = postsBack(10, 30, 40);
    const older = postsBack(25 * 60, 5, 40);
    fx.add(...[...inWindow, ...older].map((id) => makeTweet(id)));
    const x = connector({ maxResults: 10 });

    const first = await x.fetchPage(null);
    const startTime = fx.requests[0]!.query.start_time!;
    // start_time is the window's start, so X serves (and bills) nothing older, from the first page on.
    expect(Math.abs(Date.parse(startTime) - (Date.now() - 24 * H))).toBeLessThan(60_000);
    expect(fx.requests[0]!.query.since_id).toBeUndefined();
    expect(first.items.map((i) => i.externalId)).toEqual(inWindow.slice(0, 10));
    expect(first).toMatchObject({
      full: true,
      reads: 10,
      nextCursor: { startTime, drainNewest: inWindow[0], backfill: { until: startTime, pagesLeft: 8 } },
    });
    expect(first.coveredFrom).toBeUndefined();

    const pages = [first];
    while (pages.at(-1)!.full) pages.push(await x.fetchPage(pages.at(-1)!.nextCursor));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10]);
    expect(fx.requests.map((r) => [r.query.start_time, Boolean(r.query.next_token)])).toEqual([
      [startTime, false],
      [startTime, true],
      [startTime, true],
    ]);
    expect(pages.flatMap((p) => p.items.map((i) => i.externalId))).toEqual(inWindow);
    // The platform had nothing older within the window: covered from its start, said once.
    expect(pages.map((p) => p.coveredFrom)).toEqual([undefined, undefined, new Date(startTime)]);
    expect(pages.at(-1)!.nextCursor).toEqual({ sinceId: inWindow[0] });

    const newer = postsBack(0, 3, 0.05);
    fx.add(...newer.map((id) => makeTweet(id)));
    const forward = await x.fetchPage(pages.at(-1)!.nextCursor);
    expect(fx.requests.at(-1)!.query).toMatchObject({ since_id: inWindow[0] });
    expect(fx.requests.at(-1)!.query.start_time).toBeUndefined();
    expect(forward.items.map((i) => i.externalId)).toEqual(newer);
    expect(forward.coveredFrom).toBeUndefined();
    expect(fx.reads()).toBe(33);
  });

  it('stops the history at backfillPages, covered only from the oldest post read', async () => {
    const inWindow = postsBack(10, 30, 40);
    fx.add(...inWindow.map((id) => makeTweet(id)));
    const x = connector({ maxResults: 10, backfillPages: 2 });
    const first = await x.fetchPage(null);
    expect(first.nextCursor).toMatchObject({ backfill: { pagesLeft: 0 } });
    const second = await x.fetchPage(first.nextCursor);
    expect(second).toMatchObject({ full: false, nextCursor: { sinceId: inWindow[0] } });
    expect(second.coveredFrom).toEqual(snowflakeTime(inWindow[19]!));
    expect(fx.requests).toHaveLength(2);
  });

  it('a history never reads past the budget: it stops while a request is still affordable, or when none is', async () => {
    fx.add(...postsBack(10, 40, 30).map((id) => makeTweet(id)));
    const first = await connector({ maxResults: 10 }, { readsLeft: 25 }).fetchPage(null);
    expect(first).toMatchObject({ reads: 10, full: true });
    // 15 left: one more page of 10 leaves 5, too few for another request, so the history ends with it.
    const second = await connector({ maxResults: 10 }, { readsLeft: 15 }).fetchPage(first.nextCursor);
    expect(second).toMatchObject({ reads: 10, full: false, nextCursor: { sinceId: first.items[0]!.externalId } });
    expect(second.coveredFrom).toEqual(snowflakeTime(second.items.at(-1)!.externalId));

    // A history whose budget is already gone (the budget was lowered meanwhile) ends without a request or a claim.
    const third = await connector({ maxResults: 10 }, { readsLeft: 9 }).fetchPage(first.nextCursor);
    expect(third).toMatchObject({
      items: [],
      reads: 0,
      full: false,
      nextCursor: { sinceId: first.items[0]!.externalId },
    });
    expect(third.coveredFrom).toBeUndefined();
    expect(fx.requests.map((r) => r.query.max_results)).toEqual(['10', '10']);
  });

  it('a spent rate-limit window pauses the history, which resumes where it was; a 429 leaves its cursor alone', async () => {
    const inWindow = postsBack(10, 20, 40);
    fx.add(...inWindow.map((id) => makeTweet(id)));
    fx.setRemaining(1);
    const x = connector({ maxResults: 10 });
    const first = await x.fetchPage(null);
    expect(first.pauseUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(first.nextCursor).toMatchObject({ backfill: { pagesLeft: 8 }, drainNewest: inWindow[0] });

    fx.fail({ status: 429, headers: { 'retry-after': '30' } });
    await expect(x.fetchPage(first.nextCursor)).rejects.toBeInstanceOf(RateLimitedError);
    fx.setRemaining(450);
    const second = await x.fetchPage(first.nextCursor);
    expect([...first.items, ...second.items].map((i) => i.externalId)).toEqual(inWindow);
    expect(second.nextCursor).toEqual({ sinceId: inWindow[0] });
    expect(second.coveredFrom).toEqual(new Date(fx.requests[0]!.query.start_time!));
  });

  it('an empty window is covered, and forward polling starts at its start; a window past seven days is cut', async () => {
    const x = connector({ backfillHours: 24 * 7 });
    const first = await x.fetchPage(null);
    const startTime = fx.requests[0]!.query.start_time!;
    // Recent search serves seven days: the window starts inside them (with a margin for clock skew).
    expect(Date.parse(startTime)).toBeGreaterThan(Date.now() - 7 * 24 * H);
    expect(Date.parse(startTime)).toBeLessThan(Date.now() - 7 * 24 * H + 11 * 60_000);
    expect(first).toMatchObject({ items: [], full: false, nextCursor: { startTime } });
    expect(first.coveredFrom).toEqual(new Date(startTime));

    const post = postsBack(1, 1, 0)[0]!;
    fx.add(makeTweet(post));
    const next = await x.fetchPage(first.nextCursor);
    expect(fx.requests[1]!.query.start_time).toBe(startTime);
    expect(next.items.map((i) => i.externalId)).toEqual([post]);
    expect(next.nextCursor).toEqual({ sinceId: post });
    expect(next.coveredFrom).toBeUndefined();
  });

  it('never asks for more posts than the read budget left, and below 10 asks for none', async () => {
    fx.add(...snowflakes(hourAgo(), 40).map((id) => makeTweet(id)));
    const page = await connector({}, { readsLeft: 25 }).fetchPage(null);
    expect(fx.requests[0]!.query.max_results).toBe('25');
    expect(page.reads).toBe(25);
    const cursor = { sinceId: '1' };
    const none = await connector({}, { readsLeft: 9 }).fetchPage(cursor);
    expect(none).toMatchObject({ items: [], reads: 0, full: false, nextCursor: cursor });
    expect(fx.requests).toHaveLength(1);
  });

  it('counts a retweet as read but does not store it; partial errors are not posts', async () => {
    const [a, b, c] = snowflakes(hourAgo(), 3);
    fx.add(makeTweet(a!), makeTweet(b!, { referenced_tweets: [{ type: 'retweeted', id: a }] }), makeTweet(c!));
    fx.partialErrors([{ value: a, detail: 'Could not find user', title: 'Not Found Error', resource_type: 'user' }]);
    const page = await connector().fetchPage(null);
    expect(page.items.map((i) => i.externalId)).toEqual([c, a]);
    expect(page.quarantined).toEqual([]);
    expect(page.reads).toBe(3);
  });

  it('pauses when the window is spent and turns a 429 into a wait until x-rate-limit-reset', async () => {
    fx.add(makeTweet(snowflakes(hourAgo(), 1)[0]!));
    fx.setRemaining(1);
    const page = await connector().fetchPage(null);
    expect(page.pauseUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const reset = Math.floor(Date.now() / 1000) + 90;
    fx.fail({ status: 429, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } });
    const err = await connector()
      .fetchPage(null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAt.getTime()).toBe(reset * 1000);
  });

  it('a 401 is an auth error that names no secret', async () => {
    const err = await connector({}, { secrets: { bearerToken: 'wrong-token' } })
      .fetchPage(null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).not.toContain('wrong-token');
    await expect(connector({}, { secrets: {} }).fetchPage(null)).rejects.toThrow(/bearerToken/);
  });

  it('replaces a since_id that left the seven-day window with start_time', async () => {
    const old = snowflakes(new Date(Date.now() - 8 * 86_400_000), 1)[0]!;
    const recent = snowflakes(hourAgo(), 12);
    fx.add(...recent.map((id) => makeTweet(id)));
    const x = connector({ maxResults: 10 });
    const page = await x.fetchPage({ sinceId: old } satisfies XCursor);
    expect(fx.requests[0]!.query.since_id).toBeUndefined();
    expect(Date.parse(fx.requests[0]!.query.start_time!)).toBeGreaterThan(Date.now() - 7 * 86_400_000);
    expect(page.full).toBe(true);
    const last = await x.fetchPage(page.nextCursor);
    expect(fx.requests[1]!.query.start_time).toBe(fx.requests[0]!.query.start_time);
    expect([...page.items, ...last.items]).toHaveLength(12);
    expect(last.nextCursor).toEqual({ sinceId: recent[11] });
  });

  it('builds its query from the watch list, or refuses to poll without one', () => {
    const cfg = zXConfig.parse({});
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free', 'St "Mary"'], hashtags: ['RoyalFree'] };
    expect(buildQuery(cfg, watchlist)).toBe('("Royal Free" OR "St Mary" OR #RoyalFree)');
    expect(() => buildQuery(cfg, EMPTY_WATCHLIST)).toThrow(PermanentError);
    expect(() => buildQuery(zXConfig.parse({ query: 'a'.repeat(600) }), EMPTY_WATCHLIST)).toThrow(/maxQueryLength/);
    expect(buildQuery(zXConfig.parse({ query: 'nhs -is:retweet' }), watchlist)).toBe('nhs -is:retweet');
  });
});
