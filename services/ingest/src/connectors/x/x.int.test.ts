import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { EMPTY_WATCHLIST } from '../../watchlist';
import { makeTweet, snowflake, snowflakes, startXFixture, type XFixture } from './x-fixture';
import { X_ENV, xSources, type XSourceOptions } from './x-sources';

const hourAgo = () => new Date(Date.now() - 3_600_000);
const done = sql`select count(*)::int as n from raw_items where status = 'done'`;

describe('x connector through the real queue into Postgres', () => {
  let fx: XFixture;
  const src = (over: Partial<XSourceOptions> = {}): XSourceOptions => ({
    id: 'x1',
    baseUrl: fx.url,
    query: 'nhs',
    ...over,
  });

  beforeEach(async () => {
    fx = await startXFixture();
  });
  afterEach(() => fx.close());
  const { db, start, stop, ingest, poll } = usePipeline({ processEnv: X_ENV, watchlist: EMPTY_WATCHLIST });
  const startX = (sources: XSourceOptions[], watchlist = EMPTY_WATCHLIST) =>
    start({ sources: xSources(sources), watchlist });

  it('without a history takes the newest page, drains several pages after its cursor, and resumes it after a restart', async () => {
    const history = snowflakes(hourAgo(), 30);
    fx.add(...history.map((id) => makeTweet(id)));
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free'], hashtags: ['NHS'] };
    // backfillHours 0: the newest page only, as before backfill (x-backfill.int.test.ts covers the history).
    await startX([src({ query: undefined, maxResults: 10, backfillHours: 0 })], watchlist);
    await poll('x1');
    await waitFor(async () => (await countPosts(db)) === 10, 'the newest page');
    expect(await postExternalIds(db)).toEqual(history.slice(20).sort());
    expect(fx.requests[0]!.query.query).toBe('("Royal Free" OR #NHS)');

    const burst = snowflakes(new Date(Date.now() - 60_000), 25);
    fx.add(...burst.map((id) => makeTweet(id)));
    await poll('x1');
    // 25 new posts in pages of 10: the poller drains at once, under the same since_id.
    await waitFor(async () => (await countPosts(db)) === 35, 'the drained burst');
    expect(fx.requests.slice(1).map((r) => [r.query.since_id, Boolean(r.query.next_token)])).toEqual([
      [history[29], false],
      [history[29], true],
      [history[29], true],
    ]);
    await waitFor(async () => (await getSource(db, 'x1'))?.cursor?.sinceId === burst[24], 'the cursor');

    const row = (
      await db.execute<{ text: string; url: string; author_pseudonym: string; metrics: unknown }>(
        sql`select text, url, author_pseudonym, metrics from posts where external_id = ${burst[3]}`,
      )
    ).rows[0]!;
    expect(row.text).toMatch(/^Long wait in A&E at the Royal Free tonight/);
    expect(row.metrics).toEqual({ reposts: 2, likes: 7, replies: 1 });
    expect(row.author_pseudonym).toMatch(/^a_[A-Za-z0-9_-]{22}$/);
    expect(row.url).toMatch(new RegExp(`^https://x\\.com/ward_nurse_\\d+/status/${burst[3]}$`));

    // A restart: a new ingest on the same database resumes from the stored since_id.
    await stop();
    const later = snowflakes(new Date(), 3);
    fx.add(...later.map((id) => makeTweet(id)));
    await startX([src({ query: undefined, maxResults: 10, backfillHours: 0 })], watchlist);
    await poll('x1');
    await waitFor(async () => (await countPosts(db)) === 38, 'only the new posts');
    expect(fx.requests.at(-1)!.query.since_id).toBe(burst[24]);
    expect(fx.requests.at(-1)!.served.sort()).toEqual([...later].sort());
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('stores quotes and replies, not retweets; quarantines a malformed post and stores the rest', async () => {
    const [a, rt, quote, reply, bad, b] = snowflakes(hourAgo(), 6);
    fx.add(
      makeTweet(a!),
      makeTweet(rt!, { text: 'RT @ward_nurse_101: Long wait', referenced_tweets: [{ type: 'retweeted', id: a }] }),
      makeTweet(quote!, { referenced_tweets: [{ type: 'quoted', id: a }] }),
      makeTweet(reply!, { referenced_tweets: [{ type: 'replied_to', id: a }] }),
      { ...makeTweet(bad!), created_at: 'last Tuesday' },
      makeTweet(b!),
    );
    await startX([src()]);
    await poll('x1');
    await waitFor(async () => (await count(db, done)) === 4, 'the four posts tagged');
    expect(await postExternalIds(db)).toEqual([a!, quote!, reply!, b!].sort());
    const q = await db.execute<{
      reason: string;
      payload: { id: string };
      external_id: string;
      source_id: string;
    }>(sql`select reason, payload, external_id, source_id from quarantine`);
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]).toMatchObject({ external_id: bad, source_id: 'x1', payload: { id: bad } });
    expect(q.rows[0]!.reason).toMatch(/created_at/);
    // The cursor moves past the retweet and the bad post, so neither is fetched again.
    expect((await getSource(db, 'x1'))?.cursor).toEqual({ sinceId: b });
  });

  it('an edit replaces the stored post: same original id, a higher version, new text', async () => {
    const [orig] = snowflakes(new Date(Date.now() - 600_000), 1);
    fx.add(makeTweet(orig!, { text: 'Clinic closed today #NHS' }));
    await startX([src()]);
    await poll('x1');
    await waitFor(async () => (await count(db, done)) === 1, 'the original tagged');

    const edit = snowflake(new Date(), 1);
    fx.add(makeTweet(edit, { text: 'Clinic open as normal today #NHS', edit_history_tweet_ids: [orig, edit] }));
    await poll('x1');
    await waitFor(async () => (await count(db, done)) === 2, 'the edit tagged');
    const rows = await db.execute<{ external_id: string; text: string; version: string }>(
      sql`select external_id, text, version from posts`,
    );
    expect(rows.rows).toEqual([
      { external_id: orig, text: 'Clinic open as normal today #NHS', version: edit.padStart(20, '0') },
    ]);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('never reads past the monthly budget, then marks the source budget_spent', async () => {
    fx.add(...snowflakes(hourAgo(), 30).map((id) => makeTweet(id)));
    await startX([src({ monthlyReadBudget: 50 })]);
    const reads = async () =>
      count(db, sql`select coalesce(sum(reads), 0)::int as n from source_read_budgets where source_id = 'x1'`);
    await poll('x1');
    await waitFor(async () => (await reads()) === 30, 'the first 30 reads charged');

    fx.add(...snowflakes(new Date(), 40).map((id) => makeTweet(id)));
    await poll('x1');
    // 20 reads left: one page of 20, then the drain finds the budget spent.
    const spent = await waitFor(async () => {
      const s = await getSource(db, 'x1');
      return s?.state === 'budget_spent' ? s : null;
    }, 'the budget spent');
    expect(spent.lastError).toMatch(/budget/);
    expect(spent.notBefore!.getTime()).toBeGreaterThan(Date.now());
    await poll('x1');
    await new Promise((r) => setTimeout(r, 300));
    expect(fx.requests.map((r) => r.query.max_results)).toEqual(['50', '20']);
    expect(await reads()).toBe(50);
    expect(fx.reads()).toBe(50);
    expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
  });
});
