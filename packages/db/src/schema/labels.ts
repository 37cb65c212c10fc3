import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Evidence } from '@lp/contracts/api';
import { users } from './auth';
import { posts } from './posts';

/** What the model said about a post, kept beside a label so the label can be taken back and the model measured against it. */
export interface ModelTags {
  sentiment: { label: string; score: number | null; confidence: number | null; evidence: Evidence[] };
  topics: Array<{ id: string; score: number; evidence: Evidence[] }>;
  modelVersion: string;
}

/**
 * An analyst's label: the truth for that post. Its sentiment and topics are what `post_sentiments`
 * and `post_topics` hold while it stands (so every figure uses it), and re-tagging never replaces
 * them; `model` keeps the model's latest tags for the same post. Who and when are here; every
 * change is also in the audit log.
 */
export const postLabels = pgTable(
  'post_labels',
  {
    postId: bigint('post_id', { mode: 'number' })
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    sentiment: text('sentiment').notNull(),
    topics: text('topics').array().notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    labelledAt: timestamp('labelled_at', { withTimezone: true }).notNull().defaultNow(),
    model: jsonb('model').$type<ModelTags>().notNull(),
  },
  (t) => [
    index('post_labels_labelled_at_idx').on(t.labelledAt),
    check('post_labels_sentiment_ck', sql`${t.sentiment} in ('negative', 'neutral', 'positive')`),
  ],
);

/**
 * A run re-tagging stored posts with the current model (after a model change). Postgres drives it:
 * one run active at a time, worked by whichever NLP process holds its lease, its cursor advanced
 * in the same transaction as each batch's tags, so a crash or restart resumes where it stopped.
 */
export const retagRuns = pgTable(
  'retag_runs',
  {
    id: serial('id').primaryKey(),
    modelVersion: text('model_version').notNull(),
    /** queued | running | done | failed */
    state: text('state').notNull(),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('retag_runs_one_active_uq')
      .on(sql`(true)`)
      .where(sql`${t.state} in ('queued', 'running')`),
    check('retag_runs_state_ck', sql`${t.state} in ('queued', 'running', 'done', 'failed')`),
  ],
);

/**
 * A second analyst's blind reading of a post someone else labelled. Where it differs from the
 * label, the post is a disagreement for the team to settle; settling it sets the label.
 */
export const labelReviews = pgTable(
  'label_reviews',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sentiment: text('sentiment').notNull(),
    topics: text('topics').array().notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the label was confirmed or changed after this review. */
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    check('label_reviews_sentiment_ck', sql`${t.sentiment} in ('negative', 'neutral', 'positive')`),
  ],
);

/**
 * A retraining from the team's labels and, when promoted, the model version it made. Worked by an
 * NLP process under a lease like a re-tagging run. `correction` is what the NLP workers stack on the
 * shipped model (packages/nlp correction.ts); at most one version is `active` (none: the shipped
 * model as it is). Figures are kept for every version, promoted or refused.
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    /** The shipped model's version the correction sits on; a different shipped model ignores it. */
    baseVersion: text('base_version').notNull(),
    /** The tagger's version string once trained (what post tags carry). */
    version: text('version'),
    /** queued | training | promoted | refused | failed */
    state: text('state').notNull(),
    /** scoring | fitting | evaluating, while training. */
    stage: text('stage'),
    progress: real('progress').notNull().default(0),
    active: boolean('active').notNull().default(false),
    correction: jsonb('correction'),
    trainedOn: jsonb('trained_on'),
    heldOut: jsonb('held_out'),
    /** Held-back figures of the candidate and of the model in use when it was trained. */
    figures: jsonb('figures'),
    decision: text('decision'),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    activatedBy: integer('activated_by').references(() => users.id, { onDelete: 'set null' }),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('model_versions_one_pending_uq')
      .on(sql`(true)`)
      .where(sql`${t.state} in ('queued', 'training')`),
    uniqueIndex('model_versions_one_active_uq')
      .on(sql`(true)`)
      .where(sql`${t.active}`),
    check('model_versions_state_ck', sql`${t.state} in ('queued', 'training', 'promoted', 'refused', 'failed')`),
    check('model_versions_active_ck', sql`not ${t.active} or ${t.state} = 'promoted'`),
  ],
);

/**
 * Recomputing "about us" for stored posts after the watch list changed: one run at a time (a newer
 * edit supersedes it), leased by an NLP process, its cursor advanced in the same transaction as each
 * batch's posts and rollup changes, so a crash or restart resumes where it stopped.
 */
export const aboutUsRuns = pgTable(
  'about_us_runs',
  {
    id: serial('id').primaryKey(),
    /** queued | running | done | failed */
    state: text('state').notNull(),
    /** The watch list this run applies (a later edit starts a new run). */
    watchlist: jsonb('watchlist').notNull(),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('about_us_runs_one_active_uq')
      .on(sql`(true)`)
      .where(sql`${t.state} in ('queued', 'running')`),
    check('about_us_runs_state_ck', sql`${t.state} in ('queued', 'running', 'done', 'failed')`),
  ],
);
