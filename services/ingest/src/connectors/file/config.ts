import { z } from 'zod';
import { zColumnMapping, zImportFormat, type ImportFormat } from '@lp/contracts/imports';

export const zFileConfig = z.object({
  /** Forces the format; otherwise it comes from the file's extension. */
  format: zImportFormat.optional(),
  /** Which columns hold text, time, author, url, id, question, lang: saved so every import uses it. */
  mapping: zColumnMapping,
  /** Stored as the posts' platform; set it (e.g. 'x') when a file is an export of that platform. */
  platform: z.string().min(1).max(32).default('file'),
  /** Language of every row when the mapping names no lang column. */
  lang: z.string().min(2).max(8).optional(),
  /** Mark test or made-up data as synthetic, like the demo source's posts. */
  synthetic: z.boolean().default(false),
});
export type FileConfig = z.infer<typeof zFileConfig>;

/** The format named by a file's extension, or null when it names none we read. */
export function formatFromFileName(fileName: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'xlsx') return 'xlsx';
  return null;
}
