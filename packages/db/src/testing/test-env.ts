import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { ensureBuiltInAlertRules } from '../queries/alert-rules';

/** More than the vitest worker count, so a pool id always maps to a database of its own. */
export const TEST_DB_COUNT = 4;

/** Postgres server used by tests; the global setup creates lp_test_* databases on it. */
export const adminDatabaseUrl = (): string =>
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const testRedisBase = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Set by the global setup for this run; the workers inherit it. */
export const testDatabaseName = (suffix: string): string => `lp_test_${process.env.LP_TEST_RUN ?? 'dev'}_${suffix}`;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function poolSlot(): number {
  const id = Number(process.env.VITEST_POOL_ID ?? '1');
  return ((id - 1) % TEST_DB_COUNT) + 1;
}

/** This vitest worker's own database. */
export const testDatabaseUrl = (): string => withDatabase(adminDatabaseUrl(), testDatabaseName(String(poolSlot())));

/**
 * This vitest worker's own Redis database number, 1..15 (0 is left to developers' instances),
 * spread by run id so two concurrent runs rarely share one (the flush test empties its database).
 */
export function testRedisUrl(): string {
  const run = Number.parseInt((process.env.LP_TEST_RUN ?? '0').slice(0, 6), 16) || 0;
  const u = new URL(testRedisBase());
  u.pathname = `/${1 + ((run * TEST_DB_COUNT + poolSlot() - 1) % 15)}`;
  return u.toString();
}

/** Empties every table between tests; the schema stays. */
export async function resetDatabase(db: Db): Promise<void> {
  await db.execute(
    sql`truncate sources, settings, raw_items, posts, post_sentiments, post_topics, quarantine, sentiment_rollups_hourly, sentiment_rollups_daily, sentiment_rollups_daily_voice, author_voices, suppressed_authors, weekly_reports, report_settings, retag_runs, label_reviews, model_versions, about_us_runs, sentiment_rollups_hourly_facets, alert_deliveries, alert_firings, alert_rules, source_alert_states restart identity cascade`,
  );
  await ensureBuiltInAlertRules(db);
}
