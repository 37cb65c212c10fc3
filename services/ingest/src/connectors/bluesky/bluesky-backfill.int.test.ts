import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { sourcesFromYaml, usePipeline } from '../../testing/pipeline-test';
import {
  FIXTURE_ACCOUNT,
  makePostAt,
  startBlueskyFixture,
  type BlueskyFixture,
  type FixturePost,
  type FixtureRequest,
} from './bluesky-fixture';
import { forgetSession } from './client';
import { expectCoveredFrom } from '../../testing/coverage-checks';

const ENV = { BSKY_APP_PASSWORD: FIXTURE_ACCOUNT.password };
const H = 3_600_000;
/** Posts n0, n0+1… `stepMin` minutes apart, newest first, the newest `fromMin` minutes ago. */
const postsBack = (n0: number, count: number, fromMin: number, stepMin: number): FixturePost[] =>
  Array.from({ length: count }, (_, i) => makePostAt(n0 + i, new Date(Date.now() - (fromMin + i * stepMin) * 60_000)));
/** `count` posts published now, a millisecond apart, newest first. */
const postsNow = (n0: number, count: number): FixturePost[] => {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => makePostAt(n0 + i, new Date(now - i)));
};
const uris = (posts: FixturePost[]) => posts.map((p) => p.uri);

/** The source as a sources file declares it: the app password a `${VAR}` resolved at poll time. */
function sources(service: string, extra = '') {
  return sourcesFromYaml(
    `sources:
  - id: b1
    type: bluesky
    service: ${service}
    identifier: ${FIXTURE_ACCOUNT.handle}
    appPassword: \${BSKY_APP_PASSWORD}
    every: 1h
    query: NHS
    limit: 10
${extra}`,
    ENV,
  );
}

describe('bluesky search backfill for a new source, through the real queue into Postgres', () => {
  let fixture: BlueskyFixture;

  beforeEach(async () => {
    fixture = await startBlueskyFixture();
    forgetSession('b1');
  });
  afterEach(() => fixture.close());
  const { db, start, poll, ingest } = usePipeline({ processEnv: ENV });

  const searches = () => fixture.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts');
  const isHistory = (r: FixtureRequest) => r.query.until !== undefined;
  const stream = async () =>
    ((await getSource(db, 'b1'))?.cursor as { search?: Record<string, { newest: string; history?: unknown }> } | null)
      ?.search?.NHS;
  const historyDone = async () => {
    const s = await stream();
    return s !== undefined && s.history === undefined;
  };
  const rawItemsPerId = async () =>
    (
      await db.execute<{ external_id: string; n: number }>(
        sql`select external_id, count(*)::int as n from raw_items group by external_id`,
      )
    ).rows;

  /** Posts indexed when the first history page is asked for, i.e. after the first page was read. */
  const publishDuringHistory = (n0: number, count: number) => {
    const during: FixturePost[] = [];
    fixture.onRequest((r) => {
      if (r.nsid !== 'app.bsky.feed.searchPosts' || !isHistory(r) || during.length > 0) return;
      during.push(...postsNow(n0, count));
      fixture.index(...during);
    });
    return during;
  };

  it('reads the 24-hour window once, newest first, then forward from the first page with no gap or repeat', async () => {
    // 40 posts 45 minutes apart, 10 minutes to 29 hours old: 32 within the window, 8 older.
    const all = postsBack(0, 40, 10, 45);
    const inWindow = all.filter((p) => Date.parse(p.indexedAt) > Date.now() - 24 * H + 10 * 60_000);
    expect(inWindow).toHaveLength(32);
    fixture.index(...all);
    const during = publishDuringHistory(100, 6);

    await start({ sources: sources(fixture.url) });
    await poll('b1');
    // The newest page, then three older pages (the boundary post asked again each time), each queuing the next.
    await waitFor(historyDone, 'the history to end');
    await waitFor(async () => (await countPosts(db)) === 32, 'the history tagged');
    expect(await postExternalIds(db)).toEqual(uris(inWindow).sort());
    const until = searches()[1]!.query.since!;
    const oldestStored = await db.execute<{ t: Date | string }>(sql`select min(published_at) as t from posts`);
    expect(new Date(oldestStored.rows[0]!.t).getTime()).toBeGreaterThanOrEqual(Date.parse(until));
    expect(searches().map((r) => [isHistory(r), r.query.since === until])).toEqual([
      [false, false],
      [true, true],
      [true, true],
      [true, true],
    ]);
    // No post of the history stored twice, though each page asked for the previous one's oldest again.
    expect(searches().flatMap((r) => r.served)).toHaveLength(32 + 3);
    expect(await stream()).toEqual({ newest: inWindow[0]!.indexedAt });
    await expectCoveredFrom(db, 'b1', new Date(until));

    // New posts after the history: with those indexed during it, forward polling reads them all.
    const later = postsNow(200, 8);
    fixture.index(...later);
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 46, 'the posts published during and after the history');
    const forward = searches().slice(4);
    const since = new Date(Date.parse(inWindow[0]!.indexedAt) - 120_000).toISOString();
    expect(forward.map((r) => [r.query.since, r.query.until, r.query.cursor])).toEqual([
      [since, undefined, undefined],
      [since, undefined, '10'],
    ]);
    // From the first page's newest post (with the two-minute overlap, which asks for it alone again).
    expect(forward.flatMap((r) => r.served).sort()).toEqual(uris([...during, ...later, inWindow[0]!]).sort());
    expect((await rawItemsPerId()).every((r) => r.n === 1)).toBe(true);
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(46);
    await waitFor(async () => (await stream())?.newest === later[0]!.indexedAt, 'the stored time to move');
    expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
  });

  it('stops at backfillPages first, covered from the oldest post read, and goes on forward from the first page', async () => {
    const all = postsBack(0, 40, 10, 30);
    fixture.index(...all);
    const during = publishDuringHistory(100, 3);

    await start({ sources: sources(fixture.url, '    backfillPages: 3') });
    await poll('b1');
    await waitFor(historyDone, 'the history to end');
    // All 40 lie within the window; three pages of 10 (9 new on each older one) reach back to the 28th newest.
    await waitFor(async () => (await countPosts(db)) === 28, 'three pages of history tagged');
    expect(await postExternalIds(db)).toEqual(uris(all.slice(0, 28)).sort());
    expect(searches()).toHaveLength(3);
    await expectCoveredFrom(db, 'b1', new Date(all[27]!.indexedAt));

    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 31, 'the posts published during the history');
    expect(searches()[3]!.query.since).toBe(new Date(Date.parse(all[0]!.indexedAt) - 120_000).toISOString());
    expect(searches()[3]!.served.sort()).toEqual(uris([...during, all[0]!]).sort());
    expect((await rawItemsPerId()).every((r) => r.n === 1)).toBe(true);
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(31);
  });
});
