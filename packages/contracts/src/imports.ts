import { z } from 'zod';

export const zImportFormat = z.enum(['csv', 'jsonl', 'xlsx']);
export type ImportFormat = z.infer<typeof zImportFormat>;

const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  xlsx: 'xlsx',
};

/** `fft-jan.CSV` → `csv`; null when the extension names no format we read (`.xls`, `.pdf`, none). One rule for API, ingest and web. */
export function formatFromFileName(fileName: string): ImportFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  return FORMAT_BY_EXTENSION[extension] ?? null;
}

/**
 * How a file's columns map to a post. Values are column names (CSV/XLSX header cells, JSONL keys).
 * `question` is for Friends and Family Test exports, whose answers depend on the question asked.
 */
export const zColumnMapping = z.object({
  text: z.string().min(1),
  time: z.string().min(1),
  author: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  question: z.string().min(1).optional(),
  lang: z.string().min(1).optional(),
  /** The author's job title or role (a staff survey's "role" column): read for the author's voice, never stored. */
  role: z.string().min(1).optional(),
  /** A free-text profile (a bio): read for the author's voice, never stored. */
  bio: z.string().min(1).optional(),
});
export type ColumnMapping = z.infer<typeof zColumnMapping>;

export const zImportRowError = z.object({ row: z.number().int(), error: z.string() });

export const zImportView = z.object({
  id: z.string(),
  sourceId: z.string(),
  fileName: z.string(),
  format: zImportFormat,
  status: z.enum(['pending', 'running', 'done', 'failed']),
  rowsTotal: z.number().int(),
  rowsStored: z.number().int(),
  rowsDuplicate: z.number().int(),
  rowsFailed: z.number().int(),
  /** The first rows that could not be imported, with why (row numbers count the header as row 1 for CSV/XLSX). */
  errors: z.array(zImportRowError),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportView = z.infer<typeof zImportView>;
export const zImportsResponse = z.object({ imports: z.array(zImportView) });
