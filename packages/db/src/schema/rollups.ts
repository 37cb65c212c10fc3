import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

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

/** The language key of posts whose language could not be identified (ISO 639-2 "undetermined"). */
export const UNKNOWN_LANG = 'und';

/**
 * Counts per Europe/London day × topic × voice × source × language × "about us" × sentiment
 * class, maintained in the NLP transaction with the hourly rows. Filtered dashboard views read it.
 * The key starts with topic and day because every dashboard query fixes a topic (or '*') and a range.
 */
export const sentimentRollupsDaily = pgTable(
  'sentiment_rollups_daily',
  {
    topicId: text('topic_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    voice: text('voice').notNull(),
    sourceId: text('source_id').notNull(),
    lang: text('lang').notNull(),
    aboutUs: boolean('about_us').notNull(),
    sentiment: text('sentiment').notNull(),
    postCount: integer('post_count').notNull(),
    scoreSum: doublePrecision('score_sum').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.topicId, t.day, t.voice, t.sourceId, t.lang, t.aboutUs, t.sentiment] }),
    // Per-topic rankings ("every topic but '*'") cannot use the key's topic prefix: they read by day.
    index('sentiment_rollups_daily_day_topic_idx').on(t.day, t.topicId),
  ],
);

/**
 * The same counts without source, language and "about us": ~130 rows a day instead of thousands,
 * so the unfiltered views (the 8am overview) stay instant over years. A view filtered on one of
 * the dropped dimensions reads `sentiment_rollups_daily` instead.
 */
export const sentimentRollupsDailyVoice = pgTable(
  'sentiment_rollups_daily_voice',
  {
    topicId: text('topic_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    voice: text('voice').notNull(),
    sentiment: text('sentiment').notNull(),
    postCount: integer('post_count').notNull(),
    scoreSum: doublePrecision('score_sum').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.topicId, t.day, t.voice, t.sentiment] }),
    index('sentiment_rollups_daily_voice_day_topic_idx').on(t.day, t.topicId),
  ],
);

/**
 * Counts per hour (UTC) × topic × voice × "about us" × source × sentiment class, maintained in the
 * NLP transaction with the others. Alert rules by voice or "about us" read their baseline (the same
 * hours of the trailing weeks) from it; the key starts with topic and hour because a rule fixes a
 * topic (or '*') and reads a few hours at a time.
 */
export const sentimentRollupsHourlyFacets = pgTable(
  'sentiment_rollups_hourly_facets',
  {
    topicId: text('topic_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    voice: text('voice').notNull(),
    aboutUs: boolean('about_us').notNull(),
    sourceId: text('source_id').notNull(),
    sentiment: text('sentiment').notNull(),
    postCount: integer('post_count').notNull(),
    scoreSum: doublePrecision('score_sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.hour, t.voice, t.aboutUs, t.sourceId, t.sentiment] })],
);
