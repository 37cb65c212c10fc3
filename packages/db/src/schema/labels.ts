import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
