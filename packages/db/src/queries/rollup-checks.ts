import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { ALL_TOPICS, UNKNOWN_LANG } from '../schema/rollups';

/** One rollup row of any of the three tables, its dimensions joined into `key`. */
export interface RollupRow {
  table: 'hourly' | 'hourly_facets' | 'daily' | 'daily_voice';
  key: string;
  postCount: number;
  scoreSum: number;
}

interface Row {
  tbl: RollupRow['table'];
  key: string;
  post_count: number;
  score_sum: number;
  [k: string]: unknown;
}

const toRow = (r: Row): RollupRow => ({
  table: r.tbl,
  key: r.key,
  postCount: Number(r.post_count),
  scoreSum: Number(r.score_sum),
});

/** The rollups as stored, in a fixed order (for checks and rebuilds). */
export async function readRollups(db: Db): Promise<RollupRow[]> {
  const res = await db.execute<Row>(sql`
    select 'hourly' as tbl, concat_ws('|', to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24'), source_id, topic_id, sentiment) as key, post_count, score_sum
      from sentiment_rollups_hourly where post_count <> 0
    union all
    select 'hourly_facets', concat_ws('|', topic_id, to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24'), voice, about_us, source_id, sentiment), post_count, score_sum
      from sentiment_rollups_hourly_facets where post_count <> 0
    union all
    select 'daily', concat_ws('|', topic_id, day, voice, source_id, lang, about_us, sentiment), post_count, score_sum
      from sentiment_rollups_daily where post_count <> 0
    union all
    select 'daily_voice', concat_ws('|', topic_id, day, voice, sentiment), post_count, score_sum
      from sentiment_rollups_daily_voice where post_count <> 0
    order by 1, 2`);
  return res.rows.map(toRow);
}

/** The rollups recomputed from `posts` and their tags: what the stored rollups must equal. */
export async function recomputeRollups(db: Db): Promise<RollupRow[]> {
  const res = await db.execute<Row>(sql`
    with tagged as (
      select p.id, p.published_at, p.day, p.voice, p.source_id, coalesce(p.lang, ${UNKNOWN_LANG}) as lang,
             p.mentions_org_term is not null as about_us, s.label, coalesce(s.score, 0) as score
      from posts p join post_sentiments s on s.post_id = p.id
    ),
    rows as (
      select t.*, ${ALL_TOPICS}::text as topic_id from tagged t
      union all
      select t.*, pt.topic_id from tagged t join post_topics pt on pt.post_id = t.id
    )
    select 'hourly' as tbl, concat_ws('|', to_char(date_trunc('hour', published_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24'), source_id, topic_id, label) as key,
           count(*)::int as post_count, sum(score)::float8 as score_sum from rows group by 1, 2
    union all
    select 'hourly_facets', concat_ws('|', topic_id, to_char(date_trunc('hour', published_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24'), voice, about_us, source_id, label),
           count(*)::int, sum(score)::float8 from rows group by 1, 2
    union all
    select 'daily', concat_ws('|', topic_id, day, voice, source_id, lang, about_us, label), count(*)::int, sum(score)::float8
      from rows group by 1, 2
    union all
    select 'daily_voice', concat_ws('|', topic_id, day, voice, label), count(*)::int, sum(score)::float8
      from rows group by 1, 2
    order by 1, 2`);
  return res.rows.map(toRow);
}

const rounded = (rows: RollupRow[]) => rows.map((r) => ({ ...r, scoreSum: Math.round(r.scoreSum * 1e9) / 1e9 }));

/** The stored rollups and a recomputation from the posts, score sums rounded to 1e-9: equal when exact. */
export async function rollupsAgainstPosts(db: Db): Promise<{ stored: RollupRow[]; recomputed: RollupRow[] }> {
  return { stored: rounded(await readRollups(db)), recomputed: rounded(await recomputeRollups(db)) };
}
