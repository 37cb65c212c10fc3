import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { ALL_TOPICS } from '../schema/rollups';

/** What a rule counts: one topic (or all posts), one voice, "about us" or not, and these sources. */
export interface WindowFilter {
  topic?: string;
  voice?: string;
  aboutUs?: boolean;
  sourceIds: string[];
}

export interface Span {
  from: Date;
  to: Date;
}

export interface WindowCounts {
  total: number;
  negative: number;
  /** Posts with a sentiment (all but 'unscored'): a negative share's denominator. */
  scored: number;
}

export interface RuleSource {
  id: string;
  type: string;
  settledAt: Date | null;
  enabled: boolean;
  state: string;
  lastSuccessAt: Date | null;
  pollEverySeconds: number;
  /** The publication time of the oldest item fetched (in the last hour) but not yet tagged. */
  oldestPending: Date | null;
}

/** The sources a rule may count (one, or every source not deleted), with how each is collecting. */
export async function ruleSources(db: Db, sourceId: string | undefined): Promise<RuleSource[]> {
  const res = await db.execute<{
    id: string;
    type: string;
    settled_at: string | null;
    enabled: boolean;
    state: string;
    last_success_at: string | null;
    poll_every_seconds: number;
    oldest_pending: string | null;
  }>(sql`
    select s.id, s.type, s.settled_at, s.enabled, s.state, s.last_success_at, s.poll_every_seconds,
      -- Items fetched in the last hour and not yet tagged: posts published after the oldest of them
      -- may not all be counted yet. (Older ones are stuck; the sweeper and quarantine deal with them.)
      (select min(case when r.draft->>'publishedAt' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' then (r.draft->>'publishedAt')::timestamptz end)
        from raw_items r
        where r.source_id = s.id and r.status = 'pending' and r.fetched_at > now() - interval '1 hour') as oldest_pending
    from sources s
    where s.deleted_at is null ${sourceId ? sql`and s.id = ${sourceId}` : sql``}
    order by s.id`);
  const at = (v: string | null) => (v ? new Date(v) : null);
  return res.rows.map((r) => ({
    id: r.id,
    type: r.type,
    settledAt: at(r.settled_at),
    enabled: r.enabled,
    state: r.state,
    lastSuccessAt: at(r.last_success_at),
    pollEverySeconds: Number(r.poll_every_seconds),
    oldestPending: at(r.oldest_pending),
  }));
}

const ids = (xs: string[]): SQL =>
  sql`array[${sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

/** Posts in a span matching a filter (the window itself is read exactly, from the posts). */
function postsIn(f: WindowFilter, span: Span): SQL {
  return postsBetween(f, sql`${span.from.toISOString()}::timestamptz`, sql`${span.to.toISOString()}::timestamptz`);
}

function postsBetween(f: WindowFilter, from: SQL, to: SQL): SQL {
  return sql`p.published_at >= ${from} and p.published_at < ${to}
    and p.source_id = any(${ids(f.sourceIds)})
    ${f.voice ? sql`and p.voice = ${f.voice}` : sql``}
    ${f.aboutUs === undefined ? sql`` : f.aboutUs ? sql`and p.mentions_org_term is not null` : sql`and p.mentions_org_term is null`}
    ${f.topic && f.topic !== ALL_TOPICS ? sql`and exists (select 1 from post_topics pt where pt.post_id = p.id and pt.topic_id = ${f.topic})` : sql``}`;
}

/** The window's counts, exactly, from the posts (a sliding window does not fall on rollup hours). */
export async function windowCounts(db: Db, f: WindowFilter, span: Span): Promise<WindowCounts> {
  if (f.sourceIds.length === 0) return { total: 0, negative: 0, scored: 0 };
  const res = await db.execute<{ total: number; negative: number; scored: number }>(sql`
    select count(*)::int as total,
      count(*) filter (where s.label = 'negative')::int as negative,
      count(*) filter (where s.label is not null and s.label <> 'unscored')::int as scored
    from posts p left join post_sentiments s on s.post_id = p.id
    where ${postsIn(f, span)}`);
  const r = res.rows[0]!;
  return { total: Number(r.total), negative: Number(r.negative), scored: Number(r.scored) };
}

/**
 * The same span `k` weeks back for k = 1..weeks: its start on the same Europe/London clock time (a
 * clock change does not shift the hour), its length the window's (whatever the clocks did).
 */
const spansBack = (span: Span, weeks: number) => sql`
  select k, f, f + (${span.to.toISOString()}::timestamptz - ${span.from.toISOString()}::timestamptz) as t
  from (
    select k, ((${span.from.toISOString()}::timestamptz at time zone 'Europe/London') - k * interval '7 days') at time zone 'Europe/London' as f
    from generate_series(1, ${weeks}) as k
  ) starts`;

const utcHour = (x: SQL) => sql`(date_trunc('hour', ${x} at time zone 'UTC') at time zone 'UTC')`;

/**
 * The same span of the week in each of the `weeks` weeks before, counted exactly: the whole hours
 * inside it from the hourly rollup by voice and "about us", the part-hours at its ends (a window
 * ending at 15:05 starts at 14:05) from the posts themselves.
 */
export async function baselineSamples(
  db: Db,
  f: WindowFilter,
  span: Span,
  weeks: number,
): Promise<Array<WindowCounts & { week: number; span: Span }>> {
  const res = await db.execute<{
    k: number;
    f: string;
    t: string;
    total: number;
    negative: number;
    scored: number;
  }>(sql`
    with spans as (${spansBack(span, weeks)}),
    whole_hours as (
      select k, h from spans, generate_series(${utcHour(sql`f`)}, t, interval '1 hour') as h
      where h >= f and h + interval '1 hour' <= t
    ),
    from_rollup as (
      select w.k, sum(r.post_count) as total,
        sum(r.post_count) filter (where r.sentiment = 'negative') as negative,
        sum(r.post_count) filter (where r.sentiment <> 'unscored') as scored
      from whole_hours w join sentiment_rollups_hourly_facets r
        on r.hour = w.h and r.topic_id = ${f.topic ?? ALL_TOPICS}
        and r.source_id = any(${ids(f.sourceIds)})
        ${f.voice ? sql`and r.voice = ${f.voice}` : sql``}
        ${f.aboutUs === undefined ? sql`` : sql`and r.about_us = ${f.aboutUs}`}
      group by w.k
    ),
    from_posts as (
      select s.k, count(*) as total,
        count(*) filter (where ps.label = 'negative') as negative,
        count(*) filter (where ps.label is not null and ps.label <> 'unscored') as scored
      from spans s join posts p on ${postsBetween(f, sql`s.f`, sql`s.t`)}
      left join post_sentiments ps on ps.post_id = p.id
      where not exists (select 1 from whole_hours w where w.k = s.k and w.h = ${utcHour(sql`p.published_at`)})
      group by s.k
    )
    select spans.k, spans.f, spans.t,
      (coalesce(r.total, 0) + coalesce(p.total, 0))::int as total,
      (coalesce(r.negative, 0) + coalesce(p.negative, 0))::int as negative,
      (coalesce(r.scored, 0) + coalesce(p.scored, 0))::int as scored
    from spans left join from_rollup r on r.k = spans.k left join from_posts p on p.k = spans.k
    order by spans.k`);
  return res.rows.map((r) => ({
    week: Number(r.k),
    span: { from: new Date(r.f), to: new Date(r.t) },
    total: Number(r.total),
    negative: Number(r.negative),
    scored: Number(r.scored),
  }));
}

/**
 * For each of the `weeks` weeks before and each source: whether every hour the same span touched
 * was covered (fetched in full). A week a source did not cover cannot say what was normal for it.
 */
export async function baselineCoverage(
  db: Db,
  sourceIds: string[],
  span: Span,
  weeks: number,
): Promise<Map<string, Set<number>>> {
  const covered = new Map<string, Set<number>>(sourceIds.map((id) => [id, new Set<number>()]));
  if (sourceIds.length === 0) return covered;
  const res = await db.execute<{ k: number; source_id: string }>(sql`
    with spans as (${spansBack(span, weeks)}),
    hours as (select k, h from spans, generate_series(${utcHour(sql`f`)}, t - interval '1 microsecond', interval '1 hour') as h)
    select hours.k, s.id as source_id
    from hours cross join unnest(${ids(sourceIds)}) as s(id)
    left join source_coverage c on c.source_id = s.id and c.hour = hours.h
    group by hours.k, s.id
    having bool_and(coalesce(c.covered, false))`);
  for (const r of res.rows) covered.get(r.source_id)?.add(Number(r.k));
  return covered;
}

export interface WindowPost {
  id: string;
  url: string | null;
  text: string | null;
  sourceId: string;
  negative: boolean;
}

/**
 * The window's posts (or only its negative ones), highest reach first: what drove it. Reach is
 * 1 + reposts + likes + replies, as on the dashboard.
 */
export async function windowPosts(
  db: Db,
  f: WindowFilter,
  span: Span,
  opts: { onlyNegative: boolean; limit: number },
): Promise<WindowPost[]> {
  if (f.sourceIds.length === 0) return [];
  const res = await db.execute<{
    id: string;
    url: string | null;
    text: string | null;
    source_id: string;
    label: string | null;
  }>(
    sql`
    select p.id::text as id, p.url, p.text, p.source_id, s.label
    from posts p left join post_sentiments s on s.post_id = p.id
    where ${postsIn(f, span)} ${opts.onlyNegative ? sql`and s.label = 'negative'` : sql``}
    order by 1 + ${metric('reposts')} + ${metric('likes')} + ${metric('replies')} desc, p.published_at desc, p.id desc
    limit ${opts.limit}`,
  );
  return res.rows.map((r) => ({
    id: r.id,
    url: r.url,
    text: r.text,
    sourceId: r.source_id,
    negative: r.label === 'negative',
  }));
}

/** A reach figure from a post's metrics (0 when missing or not a number). */
const metric = (key: string): SQL =>
  sql`coalesce(case when jsonb_typeof(p.metrics -> ${key}) = 'number' then (p.metrics ->> ${key})::numeric end, 0)`;

/** Post text from several spans (the baseline weeks), newest first, at most `limit`. */
export async function textsIn(db: Db, f: WindowFilter, spans: Span[], limit: number): Promise<string[]> {
  if (f.sourceIds.length === 0 || spans.length === 0) return [];
  const any = sql.join(
    spans.map((s) => sql`(${postsIn(f, s)})`),
    sql` or `,
  );
  const res = await db.execute<{ text: string }>(sql`
    select p.text from posts p where p.text is not null and (${any})
    order by p.published_at desc limit ${limit}`);
  return res.rows.map((r) => r.text);
}

/** Posts per source in the window, most first. */
export async function windowSourceCounts(
  db: Db,
  f: WindowFilter,
  span: Span,
): Promise<Array<{ id: string; posts: number }>> {
  if (f.sourceIds.length === 0) return [];
  const res = await db.execute<{ source_id: string; n: number }>(sql`
    select p.source_id, count(*)::int as n from posts p where ${postsIn(f, span)}
    group by p.source_id order by n desc, p.source_id`);
  return res.rows.map((r) => ({ id: r.source_id, posts: Number(r.n) }));
}
