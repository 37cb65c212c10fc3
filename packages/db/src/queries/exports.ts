import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { Db } from '../client';
import { exportJobs } from '../schema/exports';
import { postFilters, type PostListParams } from './posts';

export type ExportPostFilters = Omit<PostListParams, 'limit' | 'after'>;

/** A post as the export writes it: flat cells (CSV, XLSX) or its JSON line, made by Postgres. */
export type ExportPostRow = {
  id: string;
  published_at: string;
  source: string;
  platform: string;
  url: string | null;
  text: string | null;
  language: string | null;
  voice: string;
  about_us: boolean;
  sentiment: string;
  sentiment_score: number | null;
  sentiment_evidence: string;
  topics: string;
  topic_evidence: string;
  reposts: number | null;
  likes: number | null;
  replies: number | null;
  impact: number;
  synthetic: boolean;
  model_version: string | null;
};

/** How many posts an export with these filters holds (to choose streaming or a job, and for progress). */
export async function countExportPosts(db: Db, f: ExportPostFilters): Promise<number> {
  const res = await db.execute<{ n: string }>(sql`
    select count(*) as n from posts p left join post_sentiments s on s.post_id = p.id where ${postFilters(f)}`);
  return Number(res.rows[0]?.n ?? 0);
}

const publishedAt = sql`to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const metric = (key: string) =>
  sql`case when jsonb_typeof(p.metrics -> ${key}) = 'number' then (p.metrics ->> ${key})::numeric::int end`;

/** The flat columns: topics and evidence arrive as text, so Node neither parses nor re-serialises them. */
const flatColumns = sql`
  p.id::text as id, ${publishedAt} as published_at, p.source_id as source, p.platform, p.url, p.text,
  p.lang as language, p.voice, p.mentions_org_term is not null as about_us,
  coalesce(s.label, 'unscored') as sentiment, s.score as sentiment_score,
  coalesce(s.evidence, '[]'::jsonb)::text as sentiment_evidence,
  coalesce((select string_agg(t.topic_id || ':' || to_char(t.score, 'FM0.000'), '; ' order by t.score desc, t.topic_id)
    from post_topics t where t.post_id = p.id), '') as topics,
  coalesce((select json_object_agg(t.topic_id, t.evidence order by t.score desc, t.topic_id)
    from post_topics t where t.post_id = p.id)::text, '{}') as topic_evidence,
  ${metric('reposts')} as reposts, ${metric('likes')} as likes, ${metric('replies')} as replies,
  p.impact, p.synthetic, s.model_version`;

/** The same post as one JSON line, built by Postgres (exact text; topics nested with their evidence). */
const jsonLine = sql`json_build_object(
  'id', p.id::text, 'published_at', ${publishedAt}, 'source', p.source_id, 'platform', p.platform, 'url', p.url,
  'text', p.text, 'language', p.lang, 'voice', p.voice, 'about_us', p.mentions_org_term is not null,
  'sentiment', coalesce(s.label, 'unscored'), 'sentiment_score', s.score,
  'sentiment_evidence', coalesce(s.evidence, '[]'::jsonb),
  'topics', coalesce((select json_agg(json_build_object('id', t.topic_id, 'score', t.score, 'evidence', t.evidence)
    order by t.score desc, t.topic_id) from post_topics t where t.post_id = p.id), '[]'::json),
  'reposts', ${metric('reposts')}, 'likes', ${metric('likes')}, 'replies', ${metric('replies')},
  'impact', p.impact, 'synthetic', p.synthetic, 'model_version', s.model_version)::text as line`;

/**
 * The posts of an export in batches, newest first, with the same filters as the dashboard's lists.
 * One query read through a server-side cursor (pg-cursor): memory holds one batch whatever the
 * export's size, and Postgres plans for the whole result (cursor_tuple_fraction = 1: a scan and a
 * sort, as COPY does) instead of an index walk per page, which measured 3× slower on a million
 * posts. The read-only transaction also gives the whole file one snapshot.
 */
export async function* exportPostBatches<M extends 'flat' | 'json'>(
  db: Db,
  f: ExportPostFilters,
  mode: M,
  batchSize = 5_000,
): AsyncGenerator<M extends 'flat' ? ExportPostRow[] : string[]> {
  const query = new PgDialect().sqlToQuery(sql`
    select ${mode === 'flat' ? flatColumns : jsonLine}
    from posts p
    left join post_sentiments s on s.post_id = p.id
    where ${postFilters(f)}
    order by p.published_at desc nulls last, p.id desc nulls last`);
  // A connection of its own for the cursor (drizzle keeps the pool it was made with as $client).
  const pool = (db as Db & { $client?: pg.Pool }).$client;
  if (!pool) throw new Error('an export reads through the pool, not inside a transaction');
  const client = await pool.connect();
  let cursor: Cursor<ExportPostRow & { line?: string }> | null = null;
  let failed = false;
  try {
    await client.query('begin read only');
    await client.query('set local cursor_tuple_fraction = 1');
    cursor = client.query(new Cursor<ExportPostRow & { line?: string }>(query.sql, query.params));
    for (;;) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield (mode === 'flat' ? rows : rows.map((r) => r.line!)) as M extends 'flat' ? ExportPostRow[] : string[];
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await cursor?.close().catch(() => undefined);
    await client.query('commit').catch(() => undefined);
    // A connection whose query failed mid-way is not given back to others.
    client.release(failed ? true : undefined);
  }
}

/** The model versions that made the tags in a range, most posts first (for the data dictionary). */
export async function modelVersionsIn(db: Db, range?: { from: string; to: string }): Promise<string[]> {
  // Without a range: the versions of the 1,000 posts tagged last.
  const res = await db.execute<{ model_version: string }>(
    range
      ? sql`
    select s.model_version from posts p join post_sentiments s on s.post_id = p.id
    where ${postFilters(range)}
    group by s.model_version order by count(*) desc limit 5`
      : sql`
    select model_version from (select model_version from post_sentiments order by post_id desc limit 1000) s
    group by model_version order by count(*) desc limit 5`,
  );
  return res.rows.map((r) => r.model_version);
}

export type ExportJobRow = typeof exportJobs.$inferSelect;

/** A direct download, recorded for the history once it has been streamed. */
export async function recordStreamedExport(
  db: Db,
  input: { userId: number; kind: string; format: string; params: Record<string, unknown>; rows: number },
): Promise<ExportJobRow> {
  const [row] = await db
    .insert(exportJobs)
    .values({ ...input, paramsKey: 'streamed', state: 'streamed', progress: 1, finishedAt: sql`now()` })
    .returning();
  return row!;
}

/**
 * Queues a background export, or answers the one this user already has running for the same
 * request (`created` false). The partial unique index makes this hold for two requests at once.
 */
export async function queueExportJob(
  db: Db,
  input: { userId: number; kind: string; format: string; params: Record<string, unknown>; paramsKey: string },
): Promise<{ job: ExportJobRow; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [created] = await db
      .insert(exportJobs)
      .values({ ...input, state: 'queued' })
      .onConflictDoNothing()
      .returning();
    if (created) return { job: created, created: true };
    const [running] = await db
      .select()
      .from(exportJobs)
      .where(
        and(
          eq(exportJobs.userId, input.userId),
          eq(exportJobs.paramsKey, input.paramsKey),
          inArray(exportJobs.state, ['queued', 'running']),
        ),
      );
    if (running) return { job: running, created: false };
    // It finished between the insert and the select: try again.
  }
  throw new Error('could not queue the export');
}

export async function getExportJob(db: Db, id: string): Promise<ExportJobRow | null> {
  const [row] = await db.select().from(exportJobs).where(eq(exportJobs.id, id));
  return row ?? null;
}

export async function updateExportJob(
  db: Db,
  id: string,
  change: Partial<Pick<ExportJobRow, 'state' | 'rows' | 'totalRows' | 'progress' | 'fileName' | 'error'>> & {
    finished?: boolean;
    keepForMs?: number;
    /** Change it only while it is in this state (answers whether it did). */
    onlyIf?: ExportJobRow['state'];
  },
): Promise<boolean> {
  const { finished, keepForMs, onlyIf, ...rest } = change;
  const changed = await db
    .update(exportJobs)
    .set({
      ...rest,
      ...(finished ? { finishedAt: sql`now()` } : {}),
      ...(keepForMs !== undefined ? { expiresAt: sql`now() + make_interval(secs => ${keepForMs / 1000})` } : {}),
    })
    .where(onlyIf ? and(eq(exportJobs.id, id), eq(exportJobs.state, onlyIf)) : eq(exportJobs.id, id))
    .returning({ id: exportJobs.id });
  return changed.length > 0;
}

/** The user's exports, newest first. */
export async function listExportHistory(db: Db, userId: number, limit = 50): Promise<ExportJobRow[]> {
  return db
    .select()
    .from(exportJobs)
    .where(eq(exportJobs.userId, userId))
    .orderBy(desc(exportJobs.createdAt))
    .limit(limit);
}

/** Marks finished exports past their expiry as expired and answers their files, to delete. */
export async function expireExportJobs(db: Db): Promise<string[]> {
  const res = await db.execute<{ file_name: string | null }>(sql`
    with old as (
      select id, file_name from export_jobs where state = 'done' and expires_at < now() for update
    )
    update export_jobs e set state = 'expired', file_name = null from old where e.id = old.id
    returning old.file_name`);
  return res.rows.map((r) => r.file_name).filter((f): f is string => f !== null);
}
