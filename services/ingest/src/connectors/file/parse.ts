import { createHash } from 'node:crypto';
import type { ColumnMapping, ImportFormat } from '@lp/contracts/imports';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import type { Voice } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';
import { ImportFileError, readRecords, type FileRecords } from './records';
import { parseTime } from './time';

export { ImportFileError };

export interface ParseImportOptions {
  sourceId: string;
  platform: string;
  lang?: string | null;
  synthetic: boolean;
  /** An admin's voice for every row; otherwise the role and bio columns decide (nlp voice.ts). */
  voice?: Voice | null;
  pseudonymise: Pseudonymise;
  /** How the file's rows are read: in this thread by default; imports pass the isolated reader (read-isolated.ts). */
  read?: (buffer: Buffer, format: ImportFormat) => Promise<FileRecords>;
}

/** Rows mapped between turns of the event loop, so a large file never holds up polling. */
const MAP_CHUNK = 1_000;

export type ImportRowResult = { row: number; externalId: string; draft: PostDraft } | { row: number; error: string };

const cellText = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v).trim();
};

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function httpUrl(v: string): string | null {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * With the default platform 'file', ids are only unique within one source's files, so they are
 * prefixed with the source id; a file exported from a platform (platform 'x') keeps that
 * platform's own ids, so a post seen live and in an export is one post.
 */
function externalIdFor(opts: ParseImportOptions, id: string): string {
  return opts.platform === 'file' ? `${opts.sourceId}:${id}` : id;
}

function toDraft(
  record: Record<string, unknown>,
  mapping: ColumnMapping,
  opts: ParseImportOptions,
): { externalId: string; draft: PostDraft } | { error: string } {
  const text = cellText(record[mapping.text]);
  if (!text) return { error: `no text in column "${mapping.text}"` };
  const rawTime = record[mapping.time];
  if (rawTime === undefined || rawTime === null || cellText(rawTime) === '')
    return { error: `no time in column "${mapping.time}"` };
  const time = parseTime(typeof rawTime === 'string' ? rawTime.trim() : rawTime);
  if (!time)
    return {
      error: `"${short(cellText(rawTime))}" in column "${mapping.time}" is not a time (ISO 8601, dd/mm/yyyy hh:mm or an Excel date)`,
    };
  const author = mapping.author ? cellText(record[mapping.author]) : '';
  const id = mapping.id ? cellText(record[mapping.id]) : '';
  const publishedAt = time.toISOString();
  // Without an id column the row's content is its identity: the same row imported again is the same post.
  const key = id || `sha256:${createHash('sha256').update(`${text}\u0000${publishedAt}\u0000${author}`).digest('hex')}`;
  const lang = (mapping.lang ? cellText(record[mapping.lang]) : '') || opts.lang || null;
  const question = mapping.question ? cellText(record[mapping.question]).slice(0, 500) : '';
  // Role and bio are read for the voice only: they are never stored with the post.
  const profile = [mapping.role, mapping.bio].map((c) => (c ? cellText(record[c]) : '')).filter(Boolean);
  const draft = zPostDraft.safeParse({
    platform: opts.platform,
    externalId: externalIdFor(opts, key).slice(0, 512),
    url: mapping.url ? httpUrl(cellText(record[mapping.url])) : null,
    publishedAt,
    text,
    lang: lang && lang.length >= 2 && lang.length <= 8 ? lang.toLowerCase() : null,
    authorPseudonym: author ? opts.pseudonymise(opts.platform, author) : null,
    authorVoice: authorVoice({ bio: profile.join(' · ') }, opts.voice),
    metrics: {},
    synthetic: opts.synthetic,
    version: '',
    ...(question ? { question } : {}),
  });
  if (!draft.success) return { error: draft.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { externalId: draft.data.externalId, draft: draft.data };
}

/** Mapped columns must exist in the header row; a typo would otherwise fail every row one by one. */
function resolveMapping(mapping: ColumnMapping, headers: string[] | null): ColumnMapping {
  if (!headers) return mapping;
  const resolved: Record<string, string> = {};
  for (const [field, name] of Object.entries(mapping) as Array<[string, string | undefined]>) {
    if (!name) continue;
    const found = headers.find((h) => h === name) ?? headers.find((h) => h.toLowerCase() === name.toLowerCase());
    if (!found)
      throw new ImportFileError(
        `column "${name}" (mapped to ${field}) is not in the header row; the columns are: ${headers.map((h) => `"${h}"`).join(', ')}`,
      );
    resolved[field] = found;
  }
  return resolved as ColumnMapping;
}

/**
 * A file's rows as post drafts, or per row why not. Pure apart from the pseudonymiser: throws
 * ImportFileError only when the whole file is unusable.
 */
export async function parseImport(
  buffer: Buffer,
  format: ImportFormat,
  mapping: ColumnMapping,
  opts: ParseImportOptions,
): Promise<ImportRowResult[]> {
  const { headers, records } = await (opts.read ?? readRecords)(buffer, format);
  const columns = resolveMapping(mapping, headers);
  const out: ImportRowResult[] = [];
  for (let i = 0; i < records.length; i += MAP_CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const r of records.slice(i, i + MAP_CHUNK))
      out.push('error' in r ? r : { row: r.row, ...toDraft(r.record, columns, opts) });
  }
  return out;
}
