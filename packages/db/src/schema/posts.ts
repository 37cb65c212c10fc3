import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  bigserial,
  boolean,
  date,
  doublePrecision,
  real,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import type { Evidence, PostMetrics } from '@lp/contracts/api';

/** drizzle has no built-in tsvector column type. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
import { sources } from './sources';

/**
 * A tagged post. `text` and `author_pseudonym` are nullable so a purge (retention, erasure request)
 * can clear them while the key, time, tags and rollups remain.
 */
export const posts = pgTable(
  'posts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    rawItemId: bigint('raw_item_id', { mode: 'number' }),
    authorPseudonym: text('author_pseudonym'),
    text: text('text'),
    url: text('url'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    lang: text('lang'),
    metrics: jsonb('metrics').$type<PostMetrics>().notNull().default({}),
    synthetic: boolean('synthetic').notNull().default(false),
    /** The watch-list term this post matched ("about us"), or null. */
    mentionsOrgTerm: text('mentions_org_term'),
    /** Who spoke (staff, org, public): the author's voice when the post was stored. */
    voice: text('voice').notNull().default('public'),
    /** The Europe/London calendar day of `published_at`: the daily rollups' and the movers' key. */
    day: date('day', { mode: 'string' }).notNull(),
    /**
     * How much this post pulls the mood down: (1 + reposts + likes + replies) × −score for a
     * negative post, 0 otherwise. "The posts that moved the numbers" are the highest per day.
     */
    impact: real('impact').notNull().default(0),
    /** The platform edit version last applied (see PostDraft.version). */
    version: text('version').notNull().default(''),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Full-text search (English stemming), kept by Postgres from `text`; purging the text empties it. */
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', coalesce(text, ''))`),
  },
  (t) => [
    index('posts_search_idx').using('gin', t.search),
    unique('posts_platform_external_uq').on(t.platform, t.externalId),
    index('posts_published_idx').on(t.publishedAt.desc(), t.id.desc()),
    index('posts_day_impact_idx')
      .on(t.day, t.impact.desc(), t.id)
      .where(sql`${t.impact} > 0`),
  ],
);

/** Sentiment per post; `label` 'unscored' (score null) for languages the model does not score. */
export const postSentiments = pgTable('post_sentiments', {
  postId: bigint('post_id', { mode: 'number' })
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  label: text('label').notNull(),
  score: doublePrecision('score'),
  confidence: doublePrecision('confidence'),
  evidence: jsonb('evidence').$type<Evidence[]>().notNull().default([]),
  modelVersion: text('model_version').notNull(),
});

export const postTopics = pgTable(
  'post_topics',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    topicId: text('topic_id').notNull(),
    score: doublePrecision('score').notNull(),
    evidence: jsonb('evidence').$type<Evidence[]>().notNull().default([]),
    modelVersion: text('model_version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.topicId] }), index('post_topics_topic_idx').on(t.topicId, t.postId)],
);
