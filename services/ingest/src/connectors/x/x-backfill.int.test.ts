import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { EMPTY_WATCHLIST } from '../../watchlist';
import { snowflakeTime, type XCursor } from './connector';
import { makeTweet, snowflake, startXFixture, type XFixture } from './x-fixture';
import { X_ENV, xSources, type XSourceOptions } from './x-sources';
import { expectCoveredFrom } from '../../testing/coverage-checks';

const H = 3_600_000;
/** `n` post ids `stepMin` minutes apart, newest first, the newest `fromMin` minutes ago. */
const postsBack = (fromMin: number, n: number, stepMin: number) =>
  Array.from({ length: n }, (_, i) => snowflake(new Date(Date.now() - (fromMin + i * stepMin) * 60_000)));
/** `n` ids published now, a millisecond apart, newest first. */
const postsNow = (n: number) => {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => snowflake(new Date(now - i)));
};

describe('x backfill for a new source, through the real queue into Postgres', () => {
  let fx: XFixture;
  const src = (over: Partial<XSourceOptions> = {}): XSourceOptions => ({
    id: 'x1',
    baseUrl: fx.url,
    query: 'nhs',
    maxResults: 10,
    ...over,
  });

  beforeEach(async () => {
    fx = await startXFixture();
  });
  afterEach(() => fx.close());
  const { db, start, poll, ingest } = usePipeline({ processEnv: X_ENV, watchlist: EMPTY_WATCHLIST });

  const cursor = async () => (await getSource(db, 'x1'))?.cursor as XCursor | null | undefined;
  const readsCharged = () =>
    count(db, sql`select coalesce(sum(reads), 0)::int as n from source_read_budgets where source_id = 'x1'`);
  const rawItemsPerId = async () =>
    (
      await db.execute<{ external_id: string; n: number }>(
        sql`select external_id, count(*)::int as n from raw_items group by external_id`,
      )
    ).rows;
  const served = () => fx.requests.flatMap((r) => r.served);

  /** Posts published when the first history page is asked for, i.e. after the first page was read. */
  const publishDuringHistory = (n: number) => {
    const during: string[] = [];
    fx.onRequest((_, k) => {
      if (k !== 2) return;
      during.push(...postsNow(n));
      fx.add(...during.map((id) => makeTweet(id)));
    });
    return during;
  };

  it('reads the 24-hour window once, newest first, then forward from the first page with no gap or repeat', async () => {
    // 40 posts 45 minutes apart, 10 minutes to 29 hours old: 32 within the window, 8 older.
    const all = postsBack(10, 40, 45);
    const inWindow = all.filter((id) => snowflakeTime(id).getTime() > Date.now() - 24 * H + 10 * 60_000);
    expect(inWindow).toHaveLength(32);
    fx.add(...all.map((id) => makeTweet(id)));
    const during = publishDuringHistory(6);

    await start({ sources: xSources([src()]) });
    await poll('x1');
    // Pages of 10: the newest page, then 10, 10 and the last 2 of the window, each poll queuing the next.
    await waitFor(async () => (await cursor())?.sinceId !== undefined, 'the history to end');
    expect(await cursor()).toEqual({ sinceId: inWindow[0] });
    await waitFor(async () => (await countPosts(db)) === 32, 'the history tagged');
    expect(await postExternalIds(db)).toEqual([...inWindow].sort());
    const startTime = fx.requests[0]!.query.start_time!;
    const oldestStored = await db.execute<{ t: Date | string }>(sql`select min(published_at) as t from posts`);
    expect(new Date(oldestStored.rows[0]!.t).getTime()).toBeGreaterThanOrEqual(Date.parse(startTime));
    expect(fx.requests.map((r) => [r.query.start_time, r.query.since_id, Boolean(r.query.next_token)])).toEqual([
      [startTime, undefined, false],
      [startTime, undefined, true],
      [startTime, undefined, true],
      [startTime, undefined, true],
    ]);
    await expectCoveredFrom(db, 'x1', new Date(startTime));

    // New posts after the history: with those published during it, forward polling reads them all.
    const later = postsNow(8);
    fx.add(...later.map((id) => makeTweet(id)));
    await poll('x1');
    await waitFor(async () => (await countPosts(db)) === 46, 'the posts published during and after the history');
    const forward = fx.requests.slice(4);
    expect(forward.map((r) => [r.query.since_id, r.query.start_time, Boolean(r.query.next_token)])).toEqual([
      [inWindow[0], undefined, false],
      [inWindow[0], undefined, true],
    ]);
    expect(forward.flatMap((r) => r.served).sort()).toEqual([...during, ...later].sort());
    // Nothing served twice, nothing stored twice, and X's bill is exactly what was read.
    expect(served()).toHaveLength(new Set(served()).size);
    expect((await rawItemsPerId()).every((r) => r.n === 1)).toBe(true);
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(46);
    await waitFor(async () => (await cursor())?.sinceId === [...during, ...later].sort().at(-1), 'the cursor');
    expect(await readsCharged()).toBe(fx.reads());
    expect(fx.reads()).toBe(46);
    expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
  });

  it('stops at backfillPages first, covered from the oldest post read, and goes on forward from the first page', async () => {
    const all = postsBack(10, 40, 30);
    fx.add(...all.map((id) => makeTweet(id)));
    const during = publishDuringHistory(3);

    await start({ sources: xSources([src({ backfillPages: 3 })]) });
    await poll('x1');
    await waitFor(async () => (await cursor())?.sinceId !== undefined, 'the history to end');
    await waitFor(async () => (await countPosts(db)) === 30, 'three pages of history tagged');
    // All 40 lie within the window; three pages of 10 reach back to the 30th newest.
    expect(await postExternalIds(db)).toEqual(all.slice(0, 30).sort());
    expect(fx.requests).toHaveLength(3);
    expect(fx.requests[2]!.served.at(-1)).toBe(all[29]);
    await expectCoveredFrom(db, 'x1', snowflakeTime(all[29]!));

    await poll('x1');
    await waitFor(async () => (await countPosts(db)) === 33, 'the posts published during the history');
    expect(fx.requests[3]!.query).toMatchObject({ since_id: all[0] });
    expect(fx.requests[3]!.served.sort()).toEqual([...during].sort());
    expect(served()).toHaveLength(new Set(served()).size);
    expect((await rawItemsPerId()).every((r) => r.n === 1)).toBe(true);
    expect(await readsCharged()).toBe(33);
    expect(fx.reads()).toBe(33);
  });
});
