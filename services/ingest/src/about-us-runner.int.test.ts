import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { aboutUsBatch, claimAboutUsRun, latestAboutUsRun, startAboutUsRun } from '@lp/db/queries/about-us-runs';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { EMPTY_WATCHLIST } from '@lp/contracts/watchlist';
import { compileWatchlist } from '@lp/nlp/watchlist-match';
import { startAboutUsRunner } from './about-us-runner';
import { waitFor } from './testing/harness';

const handle = createDb(testDatabaseUrl(), { max: 4 });
const db = handle.db;
afterAll(() => handle.close());
const log = pino({ level: 'silent' });

const TEXTS = [
  'Great care on Ward 7 at St Mary’s today',
  'Parking at the Royal Free is a nightmare',
  'Nothing to do with us at all',
  'Thanks @RoyalFreeNHS for the flu jab clinic',
  'A day at #RoyalFreeNHS maternity',
];

beforeEach(async () => {
  await resetDatabase(db);
  // 40 posts; the seed marks every fifth "about us" (as an older watch list did).
  await seedPosts(
    db,
    Array.from({ length: 40 }, (_, i) => ({
      externalId: `p${i}`,
      publishedAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 3_600_000).toISOString(),
      text: TEXTS[i % TEXTS.length]!,
      label: (['negative', 'neutral', 'positive'] as const)[i % 3]!,
      score: [-0.5, 0, 0.5][i % 3]!,
      topics: i % 2 ? ['staffing'] : [],
      aboutUs: i % 5 === 2,
    })),
  );
});

describe('"about us" recomputed for history after a watch-list edit', () => {
  it('resumes a run interrupted half-way; every post gets the new term and the rollups equal a recomputation', async () => {
    const watchlist = { ...EMPTY_WATCHLIST, names: ['Royal Free'], wards: ['Ward 7'], accounts: ['@RoyalFreeNHS'] };
    const run = await startAboutUsRun(db, { watchlist, userId: null });
    expect(run).toMatchObject({ state: 'queued', total: 40 });
    // Process A does one batch of 15 and dies.
    const claimed = (await claimAboutUsRun(db, 'A', 300))!;
    const first = await aboutUsBatch(db, {
      run: claimed,
      owner: 'A',
      leaseMs: 300,
      limit: 15,
      match: compileWatchlist(watchlist),
    });
    expect(first).toMatchObject({ processed: 15 });
    expect((await rollupsAgainstPosts(db)).stored).toEqual((await rollupsAgainstPosts(db)).recomputed);
    expect(await claimAboutUsRun(db, 'B', 300)).toBeNull();

    const b = startAboutUsRunner({ db, log, intervalMs: 50, leaseMs: 300, batchSize: 7, owner: 'B' });
    try {
      await waitFor(async () => (await latestAboutUsRun(db))?.state === 'done', 'the run to finish', 30_000);
    } finally {
      await b.stop();
    }
    expect(await latestAboutUsRun(db)).toMatchObject({ state: 'done', done: 40, total: 40, error: null });
    const terms = await db.execute<{ text: string; term: string | null }>(sql`
      select distinct text, mentions_org_term as term from posts order by text`);
    expect(terms.rows).toEqual([
      { text: 'A day at #RoyalFreeNHS maternity', term: null },
      { text: 'Great care on Ward 7 at St Mary’s today', term: 'Ward 7' },
      { text: 'Nothing to do with us at all', term: null },
      { text: 'Parking at the Royal Free is a nightmare', term: 'Royal Free' },
      { text: 'Thanks @RoyalFreeNHS for the flu jab clinic', term: '@RoyalFreeNHS' },
    ]);
    const { stored, recomputed } = await rollupsAgainstPosts(db);
    expect(stored).toEqual(recomputed);
    const about = await db.execute<{ n: number }>(sql`
      select coalesce(sum(post_count), 0)::int as n from sentiment_rollups_daily where about_us and topic_id = '*'`);
    expect(about.rows[0]!.n).toBe(24);
  });

  it('a newer edit supersedes a run still going', async () => {
    await startAboutUsRun(db, { watchlist: { ...EMPTY_WATCHLIST, names: ['Royal Free'] }, userId: null });
    const second = await startAboutUsRun(db, { watchlist: { ...EMPTY_WATCHLIST, wards: ['Ward 7'] }, userId: null });
    const runs = await db.execute<{ id: number; state: string; error: string | null }>(
      sql`select id, state, error from about_us_runs order by id`,
    );
    expect(runs.rows.map((r) => [Number(r.id), r.state])).toEqual([
      [second.id - 1, 'failed'],
      [second.id, 'queued'],
    ]);
    expect(runs.rows[0]!.error).toBe('superseded by a newer watch list');
  });
});
