import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConnectorDeps } from '../../testing/connector-deps';
import { AuthError, RateLimitedError } from '../../lib/errors';
import { EMPTY_WATCHLIST } from '../../watchlist';
import type { Cursor, Page } from '../types';
import { createRedditConnector } from './connector';
import { startRedditFixture, type RedditFixture } from './reddit-fixture';
import { BASE_UTC, FIXTURE_CLIENT, makeComment, makePost, UA } from './reddit-samples';

/** Within `commentHours` of the fixture's posts. */
const NOW = new Date((BASE_UTC + 3600) * 1000);

describe('reddit connector against the fixture API', () => {
  let fixture: RedditFixture;
  let sourceId: string;
  beforeEach(async () => {
    fixture = await startRedditFixture({ tokenSeconds: 3600 });
    // Tokens are kept per source id in memory: each test is a new source.
    sourceId = `r-${randomUUID()}`;
  });
  afterEach(() => fixture.close());

  const connector = (
    config: Record<string, unknown> = {},
    now = NOW,
    secret = FIXTURE_CLIENT.secret,
    watchlist = EMPTY_WATCHLIST,
  ) =>
    createRedditConnector(
      {
        id: sourceId,
        config: {
          clientId: FIXTURE_CLIENT.id,
          userAgent: UA,
          subreddits: ['NHS'],
          limit: 10,
          commentThreads: 0,
          baseUrl: fixture.url,
          authUrl: fixture.authUrl,
          ...config,
        },
      },
      testConnectorDeps(now, { secrets: { clientSecret: secret }, watchlist }),
    );
  const ids = (page: Page) => page.items.map((i) => i.externalId);

  it('authenticates with client credentials and sends the descriptive User-Agent on every request', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    await connector().fetchPage(null);
    const [tokenReq, apiReq] = fixture.requests;
    expect(tokenReq).toMatchObject({ method: 'POST', path: '/api/v1/access_token', userAgent: UA });
    expect(tokenReq!.authorization).toBe(
      `Basic ${Buffer.from(`${FIXTURE_CLIENT.id}:${FIXTURE_CLIENT.secret}`).toString('base64')}`,
    );
    expect(apiReq).toMatchObject({ path: '/r/NHS/new', userAgent: UA, authorization: 'bearer fixture-token-1' });
    expect(apiReq!.query).toEqual({ limit: '10', raw_json: '1' });
  });

  it('keeps the token across polls, renews it when it expires and once when it is refused', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    await connector().fetchPage(null);
    await connector().fetchPage(null);
    expect(fixture.tokenRequests()).toHaveLength(1);

    // An hour later the token has expired: a new one is fetched before the request.
    await connector({}, new Date(NOW.getTime() + 3600_000)).fetchPage(null);
    expect(fixture.tokenRequests()).toHaveLength(2);
    expect(fixture.apiRequests().at(-1)!.authorization).toBe('bearer fixture-token-2');

    // Revoked early: the 401 costs one new token and one retry, and the page still arrives.
    fixture.revokeTokens();
    const page = await connector({}, new Date(NOW.getTime() + 3600_000)).fetchPage(null);
    expect(ids(page)).toEqual([makePost('NHS', 1).data.name]);
    expect(fixture.tokenRequests()).toHaveLength(3);
    expect(
      fixture
        .apiRequests()
        .slice(-2)
        .map((r) => r.authorization),
    ).toEqual(['bearer fixture-token-2', 'bearer fixture-token-3']);
  });

  it('stops with an AuthError when the token endpoint refuses the credentials, naming no secret', async () => {
    const err = await connector({}, NOW, 'wrong-secret')
      .fetchPage(null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/401/);
    expect((err as Error).message).not.toContain('wrong-secret');
    expect(fixture.tokenRequests()).toHaveLength(1);
    expect(fixture.apiRequests()).toHaveLength(0);
  });

  it('a second 401 after a fresh token is an auth failure', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    fixture.fail({ status: 401 }, { status: 401 });
    await expect(connector().fetchPage(null)).rejects.toBeInstanceOf(AuthError);
    expect(fixture.tokenRequests()).toHaveLength(2);
  });

  it('starts at the newest page, then pages with `after` until it meets its cursor', async () => {
    fixture.add('nhs', ...Array.from({ length: 30 }, (_, i) => makePost('NHS', i)));
    // Forward paging only: no history (see connector-backfill.int.test.ts for it).
    const first = await connector({ backfillHours: 0 }).fetchPage(null);
    expect(first.items).toHaveLength(10);
    expect(first.full).toBe(false);

    fixture.add('nhs', ...Array.from({ length: 15 }, (_, i) => makePost('NHS', 100 + i)));
    let cursor: Cursor | null = first.nextCursor;
    const pages: Page[] = [];
    do {
      const page = await connector().fetchPage(cursor);
      pages.push(page);
      cursor = page.nextCursor;
    } while (pages.at(-1)!.full && pages.length < 5);
    expect(pages.map((p) => p.full)).toEqual([true, false]);
    const newIds = new Set(pages.flatMap(ids));
    for (let i = 100; i < 115; i++) expect(newIds.has(makePost('NHS', i).data.name as string)).toBe(true);
    expect(fixture.apiRequests().map((r) => r.query.after ?? null)).toEqual([
      null,
      null,
      makePost('NHS', 105).data.name,
    ]);
    expect(cursor).toMatchObject({ subs: { nhs: { newest: { name: makePost('NHS', 114).data.name } } } });
  });

  it('never moves its cursor back when its newest item leaves the listing', async () => {
    fixture.add('nhs', makePost('NHS', 1), makePost('NHS', 2));
    const first = await connector().fetchPage(null);
    fixture.remove('nhs', makePost('NHS', 2).data.name as string);
    const again = await connector().fetchPage(first.nextCursor);
    expect(again.full).toBe(false);
    expect(again.nextCursor).toMatchObject({ subs: { nhs: { newest: { name: makePost('NHS', 2).data.name } } } });
  });

  it('searches with sort=new and restrict_sr when a query is set', async () => {
    fixture.add('nhs', makePost('NHS', 1), makePost('NHS', 2, { title: 'Parking at Royal Free', selftext: '' }));
    const page = await connector({ query: '"Royal Free"' }).fetchPage(null);
    expect(ids(page)).toEqual([makePost('NHS', 2).data.name]);
    expect(fixture.apiRequests()[0]).toMatchObject({
      path: '/r/NHS/search',
      query: { q: '"Royal Free"', sort: 'new', restrict_sr: '1', limit: '10' },
    });
  });

  it('searches the watch list when the source sets no query', async () => {
    fixture.add('nhs', makePost('NHS', 1), makePost('NHS', 2, { selftext: 'Parking at the Royal Free again' }));
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free'] };
    const page = await connector({}, NOW, FIXTURE_CLIENT.secret, watchlist).fetchPage(null);
    expect(ids(page)).toEqual([makePost('NHS', 2).data.name]);
    expect(fixture.apiRequests()[0]!.query.q).toBe('"Royal Free"');
  });

  it('stops at a spent window and keeps the cursors of subreddits it did not reach', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    fixture.add('nursing', makePost('nursing', 2));
    const first = await connector({ subreddits: ['NHS', 'nursing'] }).fetchPage(null);
    fixture.setRateWindow(1, 120);
    const page = await connector({ subreddits: ['NHS', 'nursing'] }).fetchPage(first.nextCursor);
    expect(fixture.apiRequests().map((r) => r.path)).toEqual(['/r/NHS/new', '/r/nursing/new', '/r/NHS/new']);
    expect(page.pauseUntil?.getTime()).toBe(NOW.getTime() + 120_000);
    expect((page.nextCursor as { subs: object }).subs).toEqual((first.nextCursor as { subs: object }).subs);
  });

  it('reads the comments of matched posts, nested replies included, and stores them as posts', async () => {
    const post = makePost('NHS', 1, { num_comments: 3 });
    fixture.add('nhs', post);
    const top = makeComment(post, 1);
    const reply = makeComment(post, 2, { parent_id: top.data.name });
    fixture.addComments(post, top, reply);
    const page = await connector({ commentThreads: 5 }).fetchPage(null);
    expect(fixture.apiRequests()[1]).toMatchObject({
      path: `/comments/${post.data.id as string}`,
      query: { sort: 'new', limit: '100' },
    });
    expect(ids(page).sort()).toEqual([post.data.name, top.data.name, reply.data.name].sort());
  });

  it('a thread that is gone is dropped from the watch, not a reason to stop', async () => {
    const post = makePost('NHS', 1);
    fixture.add('nhs', post);
    const first = await connector({ commentThreads: 5 }).fetchPage(null);
    expect(first.nextCursor).toMatchObject({ subs: { nhs: { watch: [{ name: post.data.name }] } } });
    fixture.fail({ status: 404, path: '/comments/' });
    const again = await connector({ commentThreads: 5 }).fetchPage(first.nextCursor);
    expect(ids(again)).toEqual([post.data.name]);
    expect(again.nextCursor).toMatchObject({ subs: { nhs: { watch: [] } } });
  });

  it('returns pauseUntil from X-Ratelimit-Reset (seconds) when the window is spent', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    fixture.setRateWindow(1, 90);
    const page = await connector().fetchPage(null);
    expect(page.items).toHaveLength(1);
    expect(page.pauseUntil?.toISOString()).toBe(new Date(NOW.getTime() + 90_000).toISOString());
  });

  it('a 429 without Retry-After waits for X-Ratelimit-Reset seconds', async () => {
    fixture.fail({ status: 429, headers: { 'x-ratelimit-reset': '30', 'x-ratelimit-remaining': '0' } });
    const err = await connector()
      .fetchPage(null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAt.toISOString()).toBe(new Date(NOW.getTime() + 30_000).toISOString());
  });
});
