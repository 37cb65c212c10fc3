import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { AlertChannelView } from '@lp/contracts/alerts';

/**
 * An alert rule: what it watches (filter, metric), how jumpy it is, and where it goes. Channels keep
 * their non-secret parts here; webhook addresses (their path is the key) and signing secrets are
 * sealed in `channel_secrets` (AES-256-GCM, @lp/secrets). Deleting sets `deleted_at`, so the
 * firings it left still name it.
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    name: text('name').notNull(),
    topicId: text('topic_id'),
    sourceId: text('source_id'),
    voice: text('voice'),
    aboutUs: boolean('about_us'),
    metric: text('metric').notNull(),
    sensitivity: text('sensitivity').notNull(),
    channels: jsonb('channels').$type<AlertChannelView[]>().notNull().default([]),
    channelSecrets: text('channel_secrets'),
    windowMinutes: integer('window_minutes').notNull().default(60),
    cooldownMinutes: integer('cooldown_minutes').notNull().default(180),
    quietFrom: text('quiet_from'),
    quietTo: text('quiet_to'),
    minVolume: integer('min_volume').notNull().default(10),
    enabled: boolean('enabled').notNull().default(true),
    /** The key of a rule an installation starts with ('staff-negative-share', 'about-us-volume'). */
    builtIn: text('built_in'),
    /** What the last evaluation found: 'ok' or 'learning', with its words, for the rules page. */
    lastState: text('last_state'),
    lastMessage: text('last_message'),
    lastBaselineWeeks: integer('last_baseline_weeks'),
    lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('alert_rules_built_in_idx').on(t.builtIn)],
);

/**
 * One alert that fired: a rule's window (unique on rule and window, so a re-run of an evaluation
 * fires nothing twice) or a source's change of health (unique on source, condition, start and
 * whether it is the recovery). `explanation` holds the terms, posts, sources and link.
 */
export const alertFirings = pgTable(
  'alert_firings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: text('rule_id').references(() => alertRules.id),
    kind: text('kind').notNull(),
    sourceId: text('source_id'),
    condition: text('condition'),
    recovered: boolean('recovered').notNull().default(false),
    windowFrom: timestamp('window_from', { withTimezone: true }).notNull(),
    windowTo: timestamp('window_to', { withTimezone: true }).notNull(),
    metric: text('metric'),
    value: doublePrecision('value'),
    baseline: doublePrecision('baseline'),
    threshold: doublePrecision('threshold'),
    baselineWeeks: integer('baseline_weeks'),
    explanation: jsonb('explanation').$type<Record<string, unknown>>().notNull(),
    quiet: boolean('quiet').notNull().default(false),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [
    uniqueIndex('alert_firings_rule_window_idx').on(t.ruleId, t.windowFrom, t.windowTo),
    uniqueIndex('alert_firings_source_idx').on(t.sourceId, t.condition, t.windowFrom, t.recovered),
    index('alert_firings_fired_idx').on(t.firedAt),
  ],
);

/**
 * The delivery outbox: one row per firing (or quiet-hours digest) and channel, claimed with a lease
 * and retried with backoff, so each channel hears of a window once however often it is evaluated.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    firingId: bigint('firing_id', { mode: 'number' }).references(() => alertFirings.id, { onDelete: 'cascade' }),
    /** A digest: the rule and the end of the quiet hours it follows. */
    digestKey: text('digest_key'),
    /** The firings a digest carries. */
    firingIds: bigint('firing_ids', { mode: 'number' }).array(),
    ruleId: text('rule_id'),
    channelId: text('channel_id').notNull(),
    channelType: text('channel_type').notNull(),
    /** Where it goes, without secrets: the addresses, or a webhook's host. */
    target: text('target').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who holds the lease: only they may mark it sent or failed. */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_firing_channel_idx').on(t.firingId, t.channelId),
    uniqueIndex('alert_deliveries_digest_channel_idx').on(t.digestKey, t.channelId),
    index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Each source's health as the alerts last saw it: a change (to a problem, or back) fires once. */
export const sourceAlertStates = pgTable('source_alert_states', {
  sourceId: text('source_id').primaryKey(),
  /** The condition alerted (null: healthy), and when the alerts first saw it: the incident's key. */
  condition: text('condition'),
  since: timestamp('since', { withTimezone: true }),
  error: text('error'),
  /** When the alerts first saw the source failing (backoff or error), cleared by a good poll. */
  troubleSince: timestamp('trouble_since', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
