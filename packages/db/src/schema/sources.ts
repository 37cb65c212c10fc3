import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A feed we poll. `state` is what the health table shows: new | ok | rate_limited | backoff | error | paused. */
export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  /** 'file' sources are owned by SOURCES_FILE and re-synced at start; 'dashboard' ones live here only. */
  managedBy: text('managed_by').notNull().default('file'),
  enabled: boolean('enabled').notNull().default(true),
  synthetic: boolean('synthetic').notNull().default(false),
  pollEverySeconds: integer('poll_every_seconds').notNull(),
  cursor: jsonb('cursor').$type<Record<string, unknown>>(),
  /**
   * Credentials of dashboard-managed sources: AES-256-GCM ciphertext (see @lp/secrets), never
   * returned by the API. File-managed sources keep `${VAR}` references in `config` instead.
   */
  secrets: text('secrets'),
  state: text('state').notNull().default('new'),
  lastError: text('last_error'),
  lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  /** Set by a 429 (Retry-After) or a backoff: no poll of this source starts before it. */
  notBefore: timestamp('not_before', { withTimezone: true }),
  /**
   * When the source's token stops working, as the platform reported it (Facebook's debug_token):
   * the health table warns before it happens. Null when unknown or when it never expires.
   */
  credentialExpiresAt: timestamp('credential_expires_at', { withTimezone: true }),
  /** Per-source poll lock: a lease, so a crashed poller's lock expires by itself. */
  leaseOwner: text('lease_owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set when an admin deletes the source: a tombstone, so the posts it kept still name their
   * source; it is never polled or listed again, and its id is not reused.
   */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  /**
   * When the source had read its history (a first page, or a backfill to its end) and was following
   * live: alert rules leave a source out until then, so history never looks like a spike.
   */
  settledAt: timestamp('settled_at', { withTimezone: true }),
});

/**
 * Reads (or quota units) charged per source per budget period: a calendar month in UTC for X's
 * `monthlyReadBudget` ('YYYY-MM'), a day in Pacific time for YouTube's `dailyQuotaUnits`
 * ('YYYY-MM-DD'), which is when Google resets the quota. See budgetPeriodSql.
 */
export const sourceReadBudgets = pgTable(
  'source_read_budgets',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    reads: integer('reads').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.period] })],
);

/** Instance-wide settings that must survive restarts (e.g. the generated dev pseudonym key). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What each source fetched, hour by hour (UTC hours; London's offsets are whole hours). An hour is
 * `covered` when a successful poll (or a backfill: the demo's history, a file import's span)
 * fetched everything posted in it; polls that failed or found the read budget spent are counted
 * beside it. Comparisons between periods read this: an hour without a covered row is a gap.
 */
export const sourceCoverage = pgTable(
  'source_coverage',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    covered: boolean('covered').notNull().default(false),
    okPolls: integer('ok_polls').notNull().default(0),
    failedPolls: integer('failed_polls').notNull().default(0),
    budgetSpentPolls: integer('budget_spent_polls').notNull().default(0),
    /** Covered by a backfill (generated history, an imported file) rather than by polling at the time. */
    backfilled: boolean('backfilled').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.hour] })],
);

/**
 * A span a source knows it missed, with the reason: the Bluesky stream came back after an outage
 * longer than the instance replays. Its hours are set uncovered in `source_coverage` (so every
 * comparison and report counts them as a gap) and the span itself is what the health table names.
 */
export const sourceGaps = pgTable(
  'source_gaps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    fromAt: timestamp('from_at', { withTimezone: true }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('source_gaps_source_idx').on(t.sourceId, t.toAt)],
);
