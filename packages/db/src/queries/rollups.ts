import { sql, type SQL } from 'drizzle-orm';
import type { Bucket } from '@lp/contracts/api';
import type { Db } from '../client';
import { ALL_TOPICS } from '../schema/rollups';

export interface ClassCounts {
  total: number;
  positive: number;
  neutral: number;
  negative: number;
  unscored: number;
  /** Mean sentiment score over scored posts; null when none were scored. */
  meanScore: number | null;
}

const LONDON = 'Europe/London';

/** A London calendar date's midnight as a UTC instant, in SQL. */
const londonMidnight = (isoDate: string): SQL => sql`(${isoDate}::date::timestamp at time zone ${LONDON})`;

const classColumns = sql`
  coalesce(sum(post_count), 0)::int as total,
  coalesce(sum(post_count) filter (where sentiment = 'positive'), 0)::int as positive,
  coalesce(sum(post_count) filter (where sentiment = 'neutral'), 0)::int as neutral,
  coalesce(sum(post_count) filter (where sentiment = 'negative'), 0)::int as negative,
  coalesce(sum(post_count) filter (where sentiment = 'unscored'), 0)::int as unscored,
  sum(score_sum) filter (where sentiment <> 'unscored')
    / nullif(sum(post_count) filter (where sentiment <> 'unscored'), 0) as mean_score`;

interface ClassRow {
  total: number;
  positive: number;
  neutral: number;
  negative: number;
  unscored: number;
  mean_score: number | null;
  [k: string]: unknown;
}

const toCounts = (r: ClassRow): ClassCounts => ({
  total: Number(r.total),
  positive: Number(r.positive),
  neutral: Number(r.neutral),
  negative: Number(r.negative),
  unscored: Number(r.unscored),
  meanScore: r.mean_score === null ? null : Number(r.mean_score),
});

export interface TrendParams {
  from: string;
  to: string;
  bucket: Bucket;
  topic?: string;
  source?: string;
}

/**
 * Sentiment counts per London day or Monday-start week, every bucket of the range present (zeros
 * included). Reads only the hourly rollups; the all-topics rows count each post once.
 */
export async function trendBuckets(db: Db, p: TrendParams): Promise<Array<ClassCounts & { start: string }>> {
  const unit = p.bucket === 'week' ? 'week' : 'day';
  const step = p.bucket === 'week' ? '1 week' : '1 day';
  const res = await db.execute<ClassRow & { start: string }>(sql`
    with series as (
      select generate_series(date_trunc(${unit}, ${p.from}::date::timestamp), (${p.to}::date - 1)::timestamp, ${step}::interval)::date as start
    ),
    agg as (
      select date_trunc(${unit}, hour at time zone ${LONDON})::date as start, sentiment,
             sum(post_count) as post_count, sum(score_sum) as score_sum
      from sentiment_rollups_hourly
      where hour >= ${londonMidnight(p.from)} and hour < ${londonMidnight(p.to)}
        and topic_id = ${p.topic ?? ALL_TOPICS}
        ${p.source ? sql`and source_id = ${p.source}` : sql``}
      group by 1, 2
    )
    select to_char(series.start, 'YYYY-MM-DD') as start, ${classColumns}
    from series left join agg on agg.start = series.start
    group by series.start order by series.start`);
  return res.rows.map((r) => ({ start: r.start, ...toCounts(r) }));
}

export interface TopicParams {
  from: string;
  to: string;
  source?: string;
}

export async function topicCounts(db: Db, p: TopicParams): Promise<Array<ClassCounts & { topicId: string }>> {
  const res = await db.execute<ClassRow & { topic_id: string }>(sql`
    select topic_id, ${classColumns}
    from sentiment_rollups_hourly
    where hour >= ${londonMidnight(p.from)} and hour < ${londonMidnight(p.to)}
      and topic_id <> ${ALL_TOPICS}
      ${p.source ? sql`and source_id = ${p.source}` : sql``}
    group by topic_id order by total desc, topic_id`);
  return res.rows.map((r) => ({ topicId: r.topic_id, ...toCounts(r) }));
}

/** Counts per source over a London date range (all-topics rows, or one topic's). */
export async function sourceCounts(
  db: Db,
  p: TopicParams & { topic?: string },
): Promise<Array<ClassCounts & { sourceId: string }>> {
  const res = await db.execute<ClassRow & { source_id: string }>(sql`
    select source_id, ${classColumns}
    from sentiment_rollups_hourly
    where hour >= ${londonMidnight(p.from)} and hour < ${londonMidnight(p.to)}
      and topic_id = ${p.topic ?? ALL_TOPICS}
      ${p.source ? sql`and source_id = ${p.source}` : sql``}
    group by source_id order by total desc, source_id`);
  return res.rows.map((r) => ({ sourceId: r.source_id, ...toCounts(r) }));
}

export interface RollupRow {
  hour: string;
  sourceId: string;
  topicId: string;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

const rollupOrder = sql`order by 1, 2, 3, 4`;

interface StoredRollupRow {
  hour: string;
  source_id: string;
  topic_id: string;
  sentiment: string;
  post_count: number;
  score_sum: number;
  [k: string]: unknown;
}

const toRollupRow = (r: StoredRollupRow): RollupRow => ({
  hour: r.hour,
  sourceId: r.source_id,
  topicId: r.topic_id,
  sentiment: r.sentiment,
  postCount: Number(r.post_count),
  scoreSum: Number(r.score_sum),
});

/** The rollups as stored, in a fixed order (for checks and rebuilds). */
export async function readRollups(db: Db): Promise<RollupRow[]> {
  const res = await db.execute<StoredRollupRow>(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as hour, source_id, topic_id, sentiment, post_count, score_sum
    from sentiment_rollups_hourly where post_count <> 0 ${rollupOrder}`);
  return res.rows.map(toRollupRow);
}

/** The rollups recomputed from `posts` and their tags: what the stored rollups must equal. */
export async function recomputeRollups(db: Db): Promise<RollupRow[]> {
  const res = await db.execute<StoredRollupRow>(sql`
    with tagged as (
      select p.id, date_trunc('hour', p.published_at at time zone 'UTC') as hour, p.source_id, s.label, coalesce(s.score, 0) as score
      from posts p join post_sentiments s on s.post_id = p.id
    ),
    rows as (
      select hour, source_id, ${ALL_TOPICS}::text as topic_id, label, score from tagged
      union all
      select t.hour, t.source_id, pt.topic_id, t.label, t.score from tagged t join post_topics pt on pt.post_id = t.id
    )
    select to_char(hour, 'YYYY-MM-DD"T"HH24') as hour, source_id, topic_id, label as sentiment,
           count(*)::int as post_count, sum(score)::float8 as score_sum
    from rows group by 1, 2, 3, 4 ${rollupOrder}`);
  return res.rows.map(toRollupRow);
}
