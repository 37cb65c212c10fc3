import { z } from 'zod';
import { zColumnMapping, zImportFormat } from '@lp/contracts/imports';
import { zVoice } from '@lp/contracts/post';

export const zFileConfig = z.object({
  /** Forces the format; otherwise it comes from the file's extension. */
  format: zImportFormat.optional(),
  /** Which columns hold text, time, author, url, id, question, lang: saved so every import uses it. */
  mapping: zColumnMapping,
  /** Stored as the posts' platform; set it (e.g. 'x') when a file is an export of that platform. */
  platform: z.string().min(1).max(32).default('file'),
  /** Language of every row when the mapping names no lang column. */
  lang: z.string().min(2).max(8).optional(),
  /** One voice for every row ("these are all staff"): wins over role and bio columns (packages/nlp voice.ts). */
  voice: zVoice.optional(),
  /** Mark test or made-up data as synthetic, like the demo source's posts. */
  synthetic: z.boolean().default(false),
});
export type FileConfig = z.infer<typeof zFileConfig>;

export { formatFromFileName } from '@lp/contracts/imports';
