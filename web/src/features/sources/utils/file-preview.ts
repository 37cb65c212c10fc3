import Papa from 'papaparse';
import type { ColumnMapping, ImportFormat } from '@lp/contracts/imports';

/** The header and first rows of a file, read in the browser to choose its columns (nothing is sent). */
export interface FilePreview {
  headers: string[];
  rows: Array<Record<string, string>>;
}

/** Enough of the file for a header and a few rows; the whole file is read by ingest after upload. */
const PREVIEW_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 5;

/**
 * CSV (papaparse: quotes, separators and line endings as spreadsheets write them) and JSONL are
 * previewed here; an Excel workbook is not (its columns are typed instead).
 */
export async function previewFile(file: Blob, format: ImportFormat): Promise<FilePreview | null> {
  if (format === 'xlsx') return null;
  const text = await file.slice(0, PREVIEW_BYTES).text();
  if (format === 'jsonl') {
    const rows: Array<Record<string, string>> = [];
    for (const line of text.split('\n')) {
      if (rows.length === PREVIEW_ROWS) break;
      if (!line.trim()) continue;
      try {
        const value: unknown = JSON.parse(line);
        if (value && typeof value === 'object' && !Array.isArray(value))
          rows.push(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)])));
      } catch {
        // a cut-off last line or a bad row: ingest reports it per row
      }
    }
    const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return { headers, rows };
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    preview: PREVIEW_ROWS,
    skipEmptyLines: true,
  });
  return { headers: (parsed.meta.fields ?? []).filter((h) => h.trim() !== ''), rows: parsed.data };
}

export const MAPPING_CHOICES: ReadonlyArray<{
  field: keyof ColumnMapping;
  label: string;
  help: string;
  guess: RegExp;
}> = [
  {
    field: 'text',
    label: 'Text',
    help: 'what was written (needed)',
    guess: /^(text|comment|comments|feedback|answer|response|message|body|post)$/i,
  },
  {
    field: 'time',
    label: 'Time',
    help: 'when it was written (needed)',
    guess: /^(time|date|datetime|timestamp|created|created_at|submitted)/i,
  },
  {
    field: 'author',
    label: 'Author',
    help: 'pseudonymised when stored',
    guess: /^(author|name|user|username|handle)$/i,
  },
  {
    field: 'id',
    label: 'Row id',
    help: 'so re-importing adds nothing twice',
    guess: /^(id|response_id|responseid|ref|reference)$/i,
  },
  { field: 'question', label: 'Question', help: 'the survey question it answers', guess: /^(question|prompt)$/i },
  {
    field: 'role',
    label: 'Role',
    help: 'job title, for the voice; never stored',
    guess: /^(role|job|job_title|jobtitle|staff_group|position)$/i,
  },
  { field: 'bio', label: 'Bio', help: 'a profile text, for the voice; never stored', guess: /^(bio|profile|about)$/i },
  { field: 'url', label: 'Link', help: 'a link to the original', guess: /^(url|link|permalink)$/i },
  { field: 'lang', label: 'Language', help: 'a language code per row', guess: /^(lang|language)$/i },
];

/** The saved mapping where its columns are in this file, else a guess from the header names. */
export function initialMapping(headers: string[] | null, saved: Partial<ColumnMapping> | null): Partial<ColumnMapping> {
  const out: Partial<ColumnMapping> = {};
  for (const c of MAPPING_CHOICES) {
    const kept = saved?.[c.field];
    if (kept && (!headers || headers.some((h) => h.toLowerCase() === kept.toLowerCase()))) out[c.field] = kept;
    else if (headers) {
      const guess = headers.find((h) => c.guess.test(h.trim()));
      if (guess) out[c.field] = guess;
    }
  }
  return out;
}
