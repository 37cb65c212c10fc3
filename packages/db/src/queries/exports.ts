import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { exportJobs } from '../schema/exports';
import { postColumns, postFilters, toPostRow, type PostColumnsRow, type PostListParams, type PostRow } from './posts';

export type ExportPostFilters = Omit<PostListParams, 'limit' | 'after'>;
export type ExportPostRow = PostRow & { modelVersion: string | null };

/** How many posts an export with these filters holds (to choose streaming or a job, and for progress). */
export async function countExportPosts(db: Db, f: ExportPostFilters): Promise<number> {
  const res = await db.execute<{ n: string }>(sql`
    select count(*) as n from posts p left join post_sentiments s on s.post_id = p.id where ${postFilters(f)}`);
  return Number(res.rows[0]?.n ?? 0);
}

/**
 * The posts of an export in batches, newest first, with the same filters as the dashboard's lists.
 * Keyset-paginated on (published_at, id): memory holds one batch whatever the export's size, and
 * each batch costs the same as the first.
 */
export async function* exportPostBatches(
  db: Db,
  f: ExportPostFilters,
  batchSize = 2_000,
): AsyncGenerator<ExportPostRow[]> {
  let after: PostListParams['after'];
  for (;;) {
    const res = await db.execute<PostColumnsRow & { model_version: string | null }>(sql`
      select ${postColumns}, s.model_version
      from posts p
      left join post_sentiments s on s.post_id = p.id
      where ${postFilters({ ...f, after })}
      order by p.published_at desc nulls last, p.id desc nulls last
      limit ${batchSize}`);
    if (res.rows.length === 0) return;
    yield res.rows.map((r) => ({ ...toPostRow(r), modelVersion: r.model_version }));
    const last = res.rows[res.rows.length - 1]!;
    after = { publishedAt: last.published_at, id: Number(last.id) };
    if (res.rows.length < batchSize) return;
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
  },
): Promise<void> {
  const { finished, keepForMs, ...rest } = change;
  await db
    .update(exportJobs)
    .set({
      ...rest,
      ...(finished ? { finishedAt: sql`now()` } : {}),
      ...(keepForMs !== undefined ? { expiresAt: sql`now() + make_interval(secs => ${keepForMs / 1000})` } : {}),
    })
    .where(eq(exportJobs.id, id));
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
