import { sql, type SQL } from 'drizzle-orm';
import type { Bucket, SentimentClass } from '@lp/contracts/api';
import type { Voice } from '@lp/contracts/post';
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

/** The dashboard's filters, all answered from the daily rollups. `to` is exclusive; days are London days. */
export interface RollupFilter {
  from: string;
  to: string;
  /** One topic's posts; absent means all posts, each counted once. */
  topic?: string;
  source?: string;
  sentiment?: SentimentClass;
  lang?: string;
  voice?: Voice;
  /** true: posts naming a watch-list term; false: the others. */
  aboutUs?: boolean;
}

/**
 * The voice table has no source, language or "about us" columns: it is ~20× smaller, so views
 * that do not filter on those read it; the others read the full daily table.
 */
const tableFor = (f: RollupFilter): SQL =>
  f.source !== undefined || f.lang !== undefined || f.aboutUs !== undefined
    ? sql`sentiment_rollups_daily`
    : sql`sentiment_rollups_daily_voice`;

function where(f: RollupFilter, topic: SQL): SQL {
  return sql`day >= ${f.from}::date and day < ${f.to}::date and ${topic}
    ${f.voice ? sql`and voice = ${f.voice}` : sql``}
    ${f.sentiment ? sql`and sentiment = ${f.sentiment}` : sql``}
    ${f.source ? sql`and source_id = ${f.source}` : sql``}
    ${f.lang ? sql`and lang = ${f.lang}` : sql``}
    ${f.aboutUs !== undefined ? sql`and about_us = ${f.aboutUs}` : sql``}`;
}

const topicIs = (f: RollupFilter): SQL => sql`topic_id = ${f.topic ?? ALL_TOPICS}`;

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

/**
 * Sentiment counts per London day or Monday-start week, every bucket of the range present (zeros
 * included). The all-topics rows count each post once.
 */
export async function trendBuckets(
  db: Db,
  f: RollupFilter & { bucket: Bucket | 'month' },
): Promise<Array<ClassCounts & { start: string }>> {
  const unit = f.bucket;
  const step = `1 ${f.bucket}`;
  const res = await db.execute<ClassRow & { start: string }>(sql`
    with series as (
      select generate_series(date_trunc(${unit}, ${f.from}::date::timestamp), (${f.to}::date - 1)::timestamp, ${step}::interval)::date as start
    ),
    agg as (
      select date_trunc(${unit}, day::timestamp)::date as start, sentiment, sum(post_count) as post_count, sum(score_sum) as score_sum
      from ${tableFor(f)} where ${where(f, topicIs(f))}
      group by 1, 2
    )
    select to_char(series.start, 'YYYY-MM-DD') as start, ${classColumns}
    from series left join agg on agg.start = series.start
    group by series.start order by series.start`);
  return res.rows.map((r) => ({ start: r.start, ...toCounts(r) }));
}

/** The whole period's counts, once per voice (staff mood is never mixed with the public's). */
export async function voiceCounts(db: Db, f: RollupFilter): Promise<Array<ClassCounts & { voice: Voice }>> {
  const res = await db.execute<ClassRow & { voice: Voice }>(sql`
    select voice, ${classColumns} from ${tableFor(f)} where ${where(f, topicIs(f))}
    group by voice order by voice`);
  return res.rows.map((r) => ({ voice: r.voice, ...toCounts(r) }));
}

/** Counts per topic (the filter's own topic ignored: every topic is ranked). */
export async function topicCounts(db: Db, f: RollupFilter): Promise<Array<ClassCounts & { topicId: string }>> {
  const res = await db.execute<ClassRow & { topic_id: string }>(sql`
    select topic_id, ${classColumns}
    from ${tableFor(f)} where ${where(f, sql`topic_id <> ${ALL_TOPICS}`)}
    -- A key whose posts were all relabelled, edited or deleted away keeps a zero row: not a topic of the range.
    group by topic_id having sum(post_count) <> 0 order by total desc, topic_id`);
  return res.rows.map((r) => ({ topicId: r.topic_id, ...toCounts(r) }));
}

/** Counts per source over the range (all posts, or one topic's). */
export async function sourceCounts(db: Db, f: RollupFilter): Promise<Array<ClassCounts & { sourceId: string }>> {
  const res = await db.execute<ClassRow & { source_id: string }>(sql`
    select source_id, ${classColumns}
    from sentiment_rollups_daily where ${where(f, topicIs(f))}
    group by source_id having sum(post_count) <> 0 order by total desc, source_id`);
  return res.rows.map((r) => ({ sourceId: r.source_id, ...toCounts(r) }));
}

/** The languages seen in the range with their volume, for the language filter's options. */
export async function languageCounts(db: Db, f: RollupFilter): Promise<Array<{ lang: string; total: number }>> {
  const res = await db.execute<{ lang: string; total: number }>(sql`
    select lang, sum(post_count)::int as total
    from sentiment_rollups_daily where ${where({ ...f, lang: undefined }, topicIs(f))}
    group by lang having sum(post_count) <> 0 order by total desc, lang`);
  return res.rows.map((r) => ({ lang: r.lang, total: Number(r.total) }));
}
