import { sql } from 'drizzle-orm';
import type { Db } from '@lp/db/client';
import { readRollups, recomputeRollups } from '@lp/db/queries/rollup-checks';

export async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const res = await db.execute<{ n: number }>(query);
  return Number(res.rows[0]?.n ?? 0);
}

export const countPosts = (db: Db) => count(db, sql`select count(*)::int as n from posts`);
export const countPending = (db: Db) =>
  count(db, sql`select count(*)::int as n from raw_items where status = 'pending'`);

export async function postExternalIds(db: Db): Promise<string[]> {
  const res = await db.execute<{ external_id: string }>(sql`select external_id from posts order by external_id`);
  return res.rows.map((r) => r.external_id);
}

/** Rollups as stored vs recomputed from posts; score sums compared to 9 places (summation order differs). */
export async function rollupsVsRecomputed(db: Db) {
  const round = (rows: Awaited<ReturnType<typeof readRollups>>) =>
    rows.map((r) => ({ ...r, scoreSum: Math.round(r.scoreSum * 1e9) / 1e9 }));
  return { stored: round(await readRollups(db)), recomputed: round(await recomputeRollups(db)) };
}
