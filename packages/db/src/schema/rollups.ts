import { doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The all-topics row of every hour × source × sentiment: counts each post once whatever its topics. */
export const ALL_TOPICS = '*';

/**
 * Counts per hour (UTC) × source × topic × sentiment class, maintained in the NLP transaction.
 * Every dashboard query reads these, never `posts`. Europe/London is always a whole number of
 * hours off UTC, so hourly UTC buckets regroup exactly into London days and weeks.
 */
export const sentimentRollupsHourly = pgTable(
  'sentiment_rollups_hourly',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    sourceId: text('source_id').notNull(),
    topicId: text('topic_id').notNull(),
    sentiment: text('sentiment').notNull(),
    postCount: integer('post_count').notNull(),
    scoreSum: doublePrecision('score_sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.sourceId, t.topicId, t.sentiment] })],
);
