import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '@lp/db/client';

const H = 3_600_000;
const hourOf = (ms: number) => Math.floor(ms / H) * H;

/** source_coverage for a source, oldest hour first. */
export async function coverageHours(db: Db, sourceId: string) {
  const res = await db.execute<{ hour: Date | string; covered: boolean; backfilled: boolean }>(
    sql`select hour, covered, backfilled from source_coverage where source_id = ${sourceId} order by hour`,
  );
  return res.rows.map((r) => ({ hour: new Date(r.hour).getTime(), covered: r.covered, backfilled: r.backfilled }));
}

/**
 * A new source's history: the hours from `from` to now are covered, those before this one marked
 * backfilled, and nothing earlier is claimed. The last two hours are left loose: the clock may turn
 * an hour during the test.
 */
export async function expectCoveredFrom(db: Db, sourceId: string, from: Date) {
  const rows = await coverageHours(db, sourceId);
  expect(rows[0]!.hour).toBe(hourOf(from.getTime()));
  rows.forEach((r, i) => expect(r.hour).toBe(rows[0]!.hour + i * H));
  expect(rows.every((r) => r.covered)).toBe(true);
  expect(rows.at(-1)!.hour).toBeGreaterThanOrEqual(hourOf(Date.now()) - H);
  expect(rows.filter((r) => r.hour <= hourOf(Date.now()) - 2 * H).every((r) => r.backfilled)).toBe(true);
}
