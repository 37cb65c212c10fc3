import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
