import type { Queue } from 'bullmq';
import type { TagPostsPayload } from '@lp/contracts/jobs';
import type { Db } from '@lp/db/client';
import {
  failImport,
  finishImport,
  getImport,
  markImportRunning,
  type ImportResult,
  type ImportRow,
} from '@lp/db/queries/imports';
import { markCovered } from '@lp/db/queries/coverage';
import { storeImportedItems } from '@lp/db/queries/raw-items';
import { getSource } from '@lp/db/queries/sources';
import { enqueueTagPosts } from '@lp/queue/enqueue';
import { zFileConfig } from '../connectors/file/config';
import { ImportFileError, parseImport } from '../connectors/file/parse';
import { DEFAULT_READ_LIMITS, isolatedReader, type ReadLimits } from '../connectors/file/read-isolated';
import { describeError } from '../lib/describe-error';
import type { Pseudonymise } from '../lib/pseudonym';
import type { Logger } from '../logger';

/** 1,000 rows × 5 columns stays far below Postgres's 65,535 bind parameters per statement. */
const INSERT_BATCH = 1_000;

export interface ProcessImportDeps {
  db: Db;
  tagQueue: Queue<TagPostsPayload>;
  pseudonymise: Pseudonymise;
  log: Logger;
  /** Rows, time and memory one upload may use (IMPORT_MAX_ROWS, IMPORT_READ_SECONDS, IMPORT_READ_MEMORY_MB). */
  readLimits?: ReadLimits;
}

export type ProcessImportOutcome =
  | { status: 'done'; result: ImportResult }
  | { status: 'failed'; error: string }
  | { status: 'skipped'; reason: string };

/**
 * Parses an uploaded file and stores its rows as pending raw items of its source, with the
 * per-row report, in one transaction: a crash leaves either the whole import or none of it, so a
 * retry counts rows the same way. Tagging is then enqueued by id like a poll's page.
 */
export async function processImport(importId: number, deps: ProcessImportDeps): Promise<ProcessImportOutcome> {
  const row = await getImport(deps.db, importId);
  if (!row) return { status: 'skipped', reason: `import ${importId} does not exist` };
  if (row.status === 'done' || row.status === 'failed') return { status: 'skipped', reason: `already ${row.status}` };
  const fail = async (error: string): Promise<ProcessImportOutcome> => {
    await failImport(deps.db, importId, error);
    deps.log.warn({ importId, sourceId: row.sourceId, error }, 'import failed');
    return { status: 'failed', error };
  };
  if (!row.content) return fail('the uploaded file is no longer stored; upload it again');
  const source = await getSource(deps.db, row.sourceId);
  if (!source || source.type !== 'file') return fail(`source ${row.sourceId} is not a file source`);
  const config = zFileConfig.omit({ mapping: true }).safeParse(source.config);
  if (!config.success) return fail(`source ${row.sourceId} has an invalid config: ${config.error.issues[0]?.message}`);

  await markImportRunning(deps.db, importId);
  let parsed: Awaited<ReturnType<typeof parseImport>>;
  try {
    parsed = await parseImport(row.content, row.format, row.mapping, {
      sourceId: row.sourceId,
      platform: config.data.platform,
      lang: config.data.lang ?? null,
      synthetic: config.data.synthetic,
      voice: config.data.voice ?? null,
      pseudonymise: deps.pseudonymise,
      // Read in a worker thread: a hostile or huge file must not hold up the polls sharing this process.
      read: isolatedReader(deps.readLimits ?? DEFAULT_READ_LIMITS),
    });
  } catch (err) {
    if (err instanceof ImportFileError) return fail(err.message);
    throw err;
  }
  const { result, newIds } = await store(deps.db, row, parsed);
  try {
    await enqueueTagPosts(deps.tagQueue, newIds);
  } catch (err) {
    // Stored as pending raw items already: the sweeper enqueues them within a minute or two.
    deps.log.warn(
      { importId, items: newIds.length, err: describeError(err) },
      'could not enqueue tagging; the sweeper will',
    );
  }
  deps.log.info(
    {
      importId,
      sourceId: row.sourceId,
      rows: result.rowsTotal,
      stored: result.rowsStored,
      duplicate: result.rowsDuplicate,
      failed: result.rowsFailed,
    },
    'file imported',
  );
  return { status: 'done', result };
}

async function store(db: Db, row: ImportRow, parsed: Awaited<ReturnType<typeof parseImport>>) {
  const drafts = parsed.flatMap((r) => ('draft' in r ? [{ externalId: r.externalId, draft: r.draft }] : []));
  const errors = parsed.flatMap((r) => ('error' in r ? [{ row: r.row, error: r.error }] : []));
  return db.transaction(async (tx) => {
    const newIds: number[] = [];
    for (let i = 0; i < drafts.length; i += INSERT_BATCH) {
      newIds.push(...(await storeImportedItems(tx, row.sourceId, drafts.slice(i, i + INSERT_BATCH))));
    }
    // The file speaks for the span its rows cover: those hours count as covered (backfilled) for comparisons.
    if (drafts.length > 0) {
      let first = Infinity;
      let last = -Infinity;
      for (const d of drafts) {
        const t = Date.parse(d.draft.publishedAt);
        if (t < first) first = t;
        if (t > last) last = t;
      }
      await markCovered(tx, row.sourceId, { from: new Date(first), to: new Date(last), backfilled: true });
    }
    const result: ImportResult = {
      rowsTotal: parsed.length,
      rowsStored: newIds.length,
      rowsDuplicate: drafts.length - newIds.length,
      rowsFailed: errors.length,
      errors,
    };
    await finishImport(tx, row.id, result);
    return { result, newIds };
  });
}
