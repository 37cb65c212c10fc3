import { createHash } from 'node:crypto';
import { zColumnMapping, type ColumnMapping, type ImportFormat } from '@lp/contracts/imports';
import { createImport, getImport, saveSourceMapping, type ImportRow } from '@lp/db/queries/imports';
import { getSource } from '@lp/db/queries/sources';
import { formatFromFileName } from '../connectors/file/config';
import { processImport, type ProcessImportDeps, type ProcessImportOutcome } from './process-import';

/** The request cannot become an import (unknown source, no mapping, unknown format): nothing is stored. */
export class ImportRequestError extends Error {}

export interface ImportFileRequest {
  sourceId: string;
  fileName: string;
  content: Buffer;
  format?: ImportFormat;
  /** Replaces the source's saved mapping, and is saved for the next import. */
  mapping?: ColumnMapping;
}

/**
 * An import run in this process (the CLI): the same row and processing as a dashboard upload,
 * without waiting for the 'import-file' worker.
 */
export async function importFileNow(
  deps: ProcessImportDeps,
  req: ImportFileRequest,
): Promise<{ row: ImportRow; outcome: ProcessImportOutcome; managedByFile: boolean }> {
  const source = await getSource(deps.db, req.sourceId);
  if (!source) throw new ImportRequestError(`there is no source "${req.sourceId}"`);
  if (source.type !== 'file')
    throw new ImportRequestError(`source "${req.sourceId}" is a ${source.type} source, not a file source`);
  const saved = zColumnMapping.safeParse(source.config.mapping);
  const mapping = req.mapping ?? (saved.success ? saved.data : null);
  if (!mapping)
    throw new ImportRequestError(
      `source "${req.sourceId}" has no saved column mapping; give one, e.g. --mapping '{"text":"Comment","time":"Date"}'`,
    );
  const configured = typeof source.config.format === 'string' ? (source.config.format as ImportFormat) : undefined;
  const format = req.format ?? configured ?? formatFromFileName(req.fileName);
  if (!format)
    throw new ImportRequestError(`cannot tell the format of "${req.fileName}" from its name; give csv, jsonl or xlsx`);
  if (req.mapping) await saveSourceMapping(deps.db, req.sourceId, req.mapping);

  const created = await createImport(deps.db, {
    sourceId: req.sourceId,
    fileName: req.fileName,
    sha256: createHash('sha256').update(req.content).digest('hex'),
    format,
    mapping,
    content: req.content,
  });
  const outcome = await processImport(created.id, deps);
  const row = (await getImport(deps.db, created.id)) ?? created;
  return { row, outcome, managedByFile: source.managedBy === 'file' };
}
