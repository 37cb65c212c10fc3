import { sql } from 'drizzle-orm';
import type { Evidence, PostMetrics, SentimentClass } from '@lp/contracts/api';
import type { Db } from '../client';

export interface PostListParams {
  from: string;
  to: string;
  topic?: string;
  sentiment?: SentimentClass;
  source?: string;
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
  sentiment: { label: SentimentClass; score: number | null; evidence: Evidence[] };
  topics: Array<{ id: string; score: number; evidence: Evidence[] }>;
}

/** The columns of a post as `listPosts` and the search select them (from `posts p` left join `post_sentiments s`). */
export const postColumns = sql`
    p.id, p.platform, p.source_id, p.url,
    to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
    p.text, p.lang, p.synthetic, p.metrics, s.label, s.score, s.evidence as s_evidence,
    (select json_agg(json_build_object('id', t.topic_id, 'score', t.score, 'evidence', t.evidence) order by t.score desc, t.topic_id)
       from post_topics t where t.post_id = p.id) as topics`;

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
  label: SentimentClass | null;
  score: number | null;
  s_evidence: Evidence[] | null;
  topics: Array<{ id: string; score: number; evidence: Evidence[] }> | null;
};

/** The filters and keyset position shared by every post listing, as `and …` conditions on `p` and `s`. */
export function postFilters(p: Omit<PostListParams, 'limit'>) {
  return sql`p.published_at >= (${p.from}::date::timestamp at time zone 'Europe/London')
      and p.published_at < (${p.to}::date::timestamp at time zone 'Europe/London')
      ${p.source ? sql`and p.source_id = ${p.source}` : sql``}
      ${p.sentiment ? sql`and s.label = ${p.sentiment}` : sql``}
      ${p.topic ? sql`and exists (select 1 from post_topics t where t.post_id = p.id and t.topic_id = ${p.topic})` : sql``}
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
    sentiment: {
      label: r.label ?? 'unscored',
      score: r.score === null ? null : Number(r.score),
      evidence: r.s_evidence ?? [],
    },
    topics: r.topics ?? [],
  };
}

/** Newest first, keyset-paginated on (published_at, id) so deep pages cost the same as the first. */
export async function listPosts(db: Db, p: PostListParams): Promise<PostRow[]> {
  const res = await db.execute<PostColumnsRow>(sql`
    select ${postColumns}
    from posts p
    left join post_sentiments s on s.post_id = p.id
    where ${postFilters(p)}
    order by p.published_at desc, p.id desc
    limit ${p.limit}`);
  return res.rows.map(toPostRow);
}

export async function countPosts(db: Db): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`select count(*)::int as n from posts`);
  return Number(res.rows[0]?.n ?? 0);
}
