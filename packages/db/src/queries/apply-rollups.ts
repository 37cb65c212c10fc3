import type { PgColumn, PgInsertValue } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import {
  sentimentRollupsDaily,
  sentimentRollupsDailyVoice,
  sentimentRollupsHourly,
  sentimentRollupsHourlyFacets,
} from '../schema/rollups';
import type { DbOrTx } from './raw-items';
import { rollupDeltas, type Contribution } from './rollup-deltas';

type RollupTable =
  | typeof sentimentRollupsHourly
  | typeof sentimentRollupsHourlyFacets
  | typeof sentimentRollupsDaily
  | typeof sentimentRollupsDailyVoice;

/** Adds counts and score sums to a rollup table's rows, creating the keys not there yet. */
async function addToRollup<T extends RollupTable>(
  tx: DbOrTx,
  table: T,
  key: PgColumn[],
  rows: PgInsertValue<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(table)
    .values(rows)
    .onConflictDoUpdate({
      target: key,
      set: {
        postCount: sql`${table.postCount} + excluded.post_count`,
        scoreSum: sql`${table.scoreSum} + excluded.score_sum`,
      },
    });
}

/** Applies what posts add (sign 1) and take away (sign -1) to every rollup table, in one fixed order. */
export async function applyRollups(tx: DbOrTx, contributions: Contribution[]): Promise<void> {
  const { hourly, hourlyFacets, daily, dailyVoice } = rollupDeltas(contributions);
  // Tables in a fixed order too, for the same no-deadlock reason as the sorted keys.
  const h = sentimentRollupsHourly;
  await addToRollup(tx, h, [h.hour, h.sourceId, h.topicId, h.sentiment], hourly);
  const f = sentimentRollupsHourlyFacets;
  await addToRollup(tx, f, [f.topicId, f.hour, f.voice, f.aboutUs, f.sourceId, f.sentiment], hourlyFacets);
  const d = sentimentRollupsDaily;
  await addToRollup(tx, d, [d.topicId, d.day, d.voice, d.sourceId, d.lang, d.aboutUs, d.sentiment], daily);
  const v = sentimentRollupsDailyVoice;
  await addToRollup(tx, v, [v.topicId, v.day, v.voice, v.sentiment], dailyVoice);
}
