import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError } from '../../lib/errors';
import { testConnectorDeps } from '../../testing/connector-deps';
import { EMPTY_WATCHLIST } from '../../watchlist';
import type { ConnectorDeps, Cursor } from '../types';
import { buildQuery, createXConnector, type XCursor } from './connector';
import { zXConfig } from './config';
import { makeTweet, snowflakes, startXFixture, type XFixture } from './x-fixture';

const hourAgo = () => new Date(Date.now() - 3_600_000);

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

  it('starts at the newest page without history, then drains with next_token under a fixed since_id', async () => {
    const first = snowflakes(hourAgo(), 30);
    fx.add(...first.map((id) => makeTweet(id)));
    const x = connector({ maxResults: 10 });
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
