import { sql } from 'drizzle-orm';
import type { Evidence, PostMetrics, SentimentClass } from '@lp/contracts/api';
import type { Voice } from '@lp/contracts/post';
import type { Db } from '../client';
import { UNKNOWN_LANG } from '../schema/rollups';

export interface PostListParams {
  from: string;
  to: string;
  /** Posts carrying any of these topics (each post once). */
  topic?: string[];
  sentiment?: SentimentClass;
  source?: string;
  lang?: string;
  voice?: Voice;
  aboutUs?: boolean;
  /** Keyset position: posts strictly older than this (publishedAt, id). */
  after?: { publishedAt: string; id: number };
  limit: number;
}

export interface PostRow {
  id: number;
  platform: string;
  sourceId: string;
  url: string | null;
  publishedAt: string;
  text: string | null;
  lang: string | null;
  synthetic: boolean;
  metrics: PostMetrics;
  voice: Voice;
  aboutUs: boolean;
  impact: number;
  sentiment: { label: SentimentClass; score: number | null; evidence: Evidence[] };
  topics: Array<{ id: string; score: number; evidence: Evidence[] }>;
  label: PostLabelInfo | null;
}

/** The columns of a post as `listPosts` and the search select them (from `posts p` left join `post_sentiments s`). */
export const postColumns = sql`
    p.id, p.platform, p.source_id, p.url,
    to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
    p.text, p.lang, p.synthetic, p.metrics, p.voice, p.mentions_org_term is not null as about_us, p.impact, s.label, s.score, s.evidence as s_evidence,
    (select json_agg(json_build_object('id', t.topic_id, 'score', t.score, 'evidence', t.evidence) order by t.score desc, t.topic_id)
       from post_topics t where t.post_id = p.id) as topics,
    (select json_build_object('labelledAt', to_char(l.labelled_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'model', json_build_object('sentiment', l.model->'sentiment'->>'label',
              'topics', coalesce((select json_agg(x->>'id') from jsonb_array_elements(l.model->'topics') x), '[]'::json)))
       from post_labels l where l.post_id = p.id) as label_info`;

/** A row selected with `postColumns`. */
export type PostColumnsRow = {
  id: number;
  platform: string;
  source_id: string;
  url: string | null;
  published_at: string;
  text: string | null;
  lang: string | null;
  synthetic: boolean;
  metrics: PostMetrics;
  voice: Voice;
  about_us: boolean;
  impact: number;
  label: SentimentClass | null;
  score: number | null;
  s_evidence: Evidence[] | null;
  topics: Array<{ id: string; score: number; evidence: Evidence[] }> | null;
  label_info: PostLabelInfo | null;
};

/** An analyst's label on a post: when, and what the model had said (the tags shown are the label's). */
export interface PostLabelInfo {
  labelledAt: string;
  model: { sentiment: SentimentClass; topics: string[] };
}

/** The filters and keyset position shared by every post listing, as `and …` conditions on `p` and `s`. */
export function postFilters(p: Omit<PostListParams, 'limit'>, opts: { range?: boolean } = {}) {
  // Callers that already pin p.day (the London date of published_at) leave the range out: with
  // both, the planner ANDs the day index with the whole range's published_at index.
  return sql`${
    opts.range === false
      ? sql`true`
      : sql`p.published_at >= (${p.from}::date::timestamp at time zone 'Europe/London')
      and p.published_at < (${p.to}::date::timestamp at time zone 'Europe/London')`
  }
      ${p.source ? sql`and p.source_id = ${p.source}` : sql``}
      ${p.sentiment ? sql`and s.label = ${p.sentiment}` : sql``}
      ${p.voice ? sql`and p.voice = ${p.voice}` : sql``}
      ${p.lang ? (p.lang === UNKNOWN_LANG ? sql`and p.lang is null` : sql`and p.lang = ${p.lang}`) : sql``}
      ${p.aboutUs !== undefined ? (p.aboutUs ? sql`and p.mentions_org_term is not null` : sql`and p.mentions_org_term is null`) : sql``}
      ${
        p.topic?.length
          ? sql`and exists (select 1 from post_topics t where t.post_id = p.id and t.topic_id in (${sql.join(
              p.topic.map((t) => sql`${t}`),
              sql`, `,
            )}))`
          : sql``
      }
      ${p.after ? sql`and (p.published_at, p.id) < (${p.after.publishedAt}::timestamptz, ${p.after.id})` : sql``}`;
}

export function toPostRow(r: PostColumnsRow): PostRow {
  return {
    id: Number(r.id),
    platform: r.platform,
    sourceId: r.source_id,
    url: r.url,
    publishedAt: r.published_at,
    text: r.text,
    lang: r.lang,
    synthetic: r.synthetic,
    metrics: r.metrics ?? {},
    voice: r.voice,
    aboutUs: Boolean(r.about_us),
    impact: Number(r.impact),
    sentiment: {
      label: r.label ?? 'unscored',
      score: r.score === null ? null : Number(r.score),
      evidence: r.s_evidence ?? [],
    },
    topics: r.topics ?? [],
    label: r.label_info ?? null,
  };
}

/** One post by id, as the lists show it, or null. */
export async function getPostById(db: Db, id: number): Promise<PostRow | null> {
  const res = await db.execute<PostColumnsRow>(sql`
    select ${postColumns} from posts p left join post_sentiments s on s.post_id = p.id where p.id = ${id}`);
  return res.rows[0] ? toPostRow(res.rows[0]) : null;
}

/** Newest first, keyset-paginated on (published_at, id) so deep pages cost the same as the first. */
export async function listPosts(db: Db, p: PostListParams): Promise<PostRow[]> {
  const res = await db.execute<PostColumnsRow>(sql`
    select ${postColumns}
    from posts p
    left join post_sentiments s on s.post_id = p.id
    where ${postFilters(p)}
    -- "nulls last" as posts_published_idx is declared: plain "desc" means nulls first, which the
    -- index does not give, and every page would sort the whole range.
    order by p.published_at desc nulls last, p.id desc nulls last
    limit ${p.limit}`);
  return res.rows.map(toPostRow);
}

/**
 * The posts that moved the numbers: highest reach × negativity in the range. One index probe per
 * London day (posts_day_impact_idx holds only negative posts, ordered by impact), so a quarter
 * reads ~90 × limit index entries however many posts the range holds.
 */
export async function topMovers(db: Db, p: Omit<PostListParams, 'after' | 'sentiment'>): Promise<PostRow[]> {
  // p.day is the London date of published_at, so the days series is the range; movers are negative
  // posts by definition (impact > 0), so no sentiment join is needed to pick them.
  const filters = sql`p.impact > 0 and ${postFilters({ ...p, after: undefined }, { range: false })}`;
  const res = await db.execute<PostColumnsRow>(sql`
    with days as (select generate_series(${p.from}::date, ${p.to}::date - 1, '1 day')::date as day),
    top as (
      select m.id, m.impact from days, lateral (
        select p.id, p.impact from posts p
        where p.day = days.day and ${filters}
        order by p.impact desc nulls last, p.id limit ${p.limit}
      ) m
      order by m.impact desc, m.id limit ${p.limit}
    )
    select ${postColumns}
    from top join posts p on p.id = top.id left join post_sentiments s on s.post_id = p.id
    order by top.impact desc, top.id`);
  return res.rows.map(toPostRow);
}

export async function countPosts(db: Db): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`select count(*)::int as n from posts`);
  return Number(res.rows[0]?.n ?? 0);
}
