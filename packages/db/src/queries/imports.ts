import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ColumnMapping, ImportFormat, ImportView } from '@lp/contracts/imports';
import type { Db } from '../client';
import { imports } from '../schema/imports';
import { sources } from '../schema/sources';
import type { DbOrTx } from './raw-items';

export type ImportRow = typeof imports.$inferSelect;

/** The per-row report keeps the first rows only: enough to fix a file, bounded in size. */
export const MAX_IMPORT_ROW_ERRORS = 500;

export interface NewImport {
  sourceId: string;
  fileName: string;
  sha256: string;
  format: ImportFormat;
  mapping: ColumnMapping;
  content: Buffer;
}

export async function createImport(db: Db, input: NewImport): Promise<ImportRow> {
  const [row] = await db.insert(imports).values(input).returning();
  return row!;
}

export async function getImport(db: Db, id: number): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row;
}

/** An import without its file bytes (for views). */
export async function getImportSummary(db: Db, id: number): Promise<Omit<ImportRow, 'content'> | undefined> {
  const [row] = await db.select(columnsWithoutContent()).from(imports).where(eq(imports.id, id));
  return row;
}

function columnsWithoutContent() {
  const { content: _content, ...columns } = getTableColumns(imports);
  return columns;
}

/** Newest first; the file bytes are never read here. */
export async function listImports(db: Db, sourceId: string, limit = 100): Promise<Array<Omit<ImportRow, 'content'>>> {
  return db
    .select(columnsWithoutContent())
    .from(imports)
    .where(eq(imports.sourceId, sourceId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

export async function markImportRunning(db: Db, id: number): Promise<void> {
  await db.update(imports).set({ status: 'running' }).where(eq(imports.id, id));
}

export interface ImportResult {
  rowsTotal: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsFailed: number;
  errors: Array<{ row: number; error: string }>;
}

/** Writes the report and clears the file bytes: the file has done its job. */
export async function finishImport(db: DbOrTx, id: number, result: ImportResult): Promise<void> {
  await db
    .update(imports)
    .set({
      ...result,
      errors: result.errors.slice(0, MAX_IMPORT_ROW_ERRORS),
      status: 'done',
      error: null,
      content: null,
      finishedAt: sql`now()`,
    })
    .where(eq(imports.id, id));
}

/** The whole file could not be used (unreadable, wrong format): say why and drop the bytes. */
export async function failImport(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: 'failed', error: error.slice(0, 2000), content: null, finishedAt: sql`now()` })
    .where(eq(imports.id, id));
}

export function toImportView(row: Omit<ImportRow, 'content'>): ImportView {
  return {
    id: String(row.id),
    sourceId: row.sourceId,
    fileName: row.fileName,
    format: row.format,
    status: row.status,
    rowsTotal: row.rowsTotal,
    rowsStored: row.rowsStored,
    rowsDuplicate: row.rowsDuplicate,
    rowsFailed: row.rowsFailed,
    errors: row.errors,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A mapping given on the command line becomes the source's saved mapping for later imports. */
export async function saveSourceMapping(db: Db, sourceId: string, mapping: ColumnMapping): Promise<void> {
  await db
    .update(sources)
    .set({
      config: sql`${sources.config} || jsonb_build_object('mapping', ${JSON.stringify(mapping)}::jsonb)`,
      updatedAt: sql`now()`,
    })
    .where(eq(sources.id, sourceId));
}

/**
 * Uploads still waiting a while after they were made: their Redis job may be lost (Redis restarted
 * or flushed) or their worker died. Re-enqueueing them under their fixed job id is a no-op while
 * the job still exists, so the sweeper can ask every pass.
 */
export async function listWaitingImports(db: Db, olderThanSeconds: number): Promise<number[]> {
  const res = await db.execute<{ id: number }>(sql`
    select id from imports
    where status in ('pending', 'running') and content is not null
      and created_at < now() - make_interval(secs => ${olderThanSeconds})
    order by id limit 100`);
  return res.rows.map((r) => Number(r.id));
}
