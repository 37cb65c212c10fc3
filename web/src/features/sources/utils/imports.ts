import {
  formatFromFileName,
  zColumnMapping,
  zImportFormat,
  type ColumnMapping,
  type ImportFormat,
  type ImportView,
} from '@lp/contracts/imports';

/** Same ceiling as the API (services/api imports route): checked here so a big file fails before it is sent. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export { formatFromFileName };

export const IMPORT_FORMATS: readonly ImportFormat[] = zImportFormat.options;

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: 'CSV (comma, semicolon or tab separated)',
  jsonl: 'JSONL (one JSON object per line)',
  xlsx: 'Excel workbook (first sheet)',
};

/** The format to pre-select: the file's extension first, else the source's saved `config.format`. */
export function defaultFormat(fileName: string, configuredFormat: unknown): ImportFormat | null {
  const configured = zImportFormat.safeParse(configuredFormat);
  return formatFromFileName(fileName) ?? (configured.success ? configured.data : null);
}

/** Why the form cannot be sent yet, in words for the person filling it in; null when it can. */
export function uploadProblem(file: { name: string; size: number } | null, format: ImportFormat | null): string | null {
  if (!file) return 'Choose a file to import.';
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > MAX_IMPORT_BYTES)
    return `"${file.name}" is ${formatFileSize(file.size)}; files can be at most ${formatFileSize(MAX_IMPORT_BYTES)}.`;
  if (!format) return `Choose the format of "${file.name}" (CSV, JSONL or Excel).`;
  return null;
}

/** `512 bytes`, `14.2 KB`, `20 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${Number(kb.toFixed(1))} KB`;
  return `${Number((kb / 1024).toFixed(1))} MB`;
}

/** An import that will still change: the list keeps polling quickly while there is one. */
export function hasUnfinishedImport(imports: readonly Pick<ImportView, 'status'>[]): boolean {
  return imports.some((i) => i.status === 'pending' || i.status === 'running');
}

const MAPPING_FIELDS: readonly { field: keyof ColumnMapping; label: string }[] = [
  { field: 'text', label: 'Text' },
  { field: 'time', label: 'Time' },
  { field: 'author', label: 'Author' },
  { field: 'url', label: 'Link' },
  { field: 'id', label: 'Row id' },
  { field: 'question', label: 'Question' },
  { field: 'lang', label: 'Language' },
];

export type MappingEntry = { field: keyof ColumnMapping; label: string; column: string };

/**
 * The source's saved column mapping (`config.mapping`) as rows to show, in a fixed order;
 * null when there is none the API would accept (it refuses uploads then).
 */
export function savedMapping(config: Record<string, unknown>): MappingEntry[] | null {
  const parsed = zColumnMapping.safeParse(config.mapping);
  if (!parsed.success) return null;
  return MAPPING_FIELDS.flatMap(({ field, label }) => {
    const column = parsed.data[field];
    return column ? [{ field, label, column }] : [];
  });
}

export const IMPORT_STATUS: Record<ImportView['status'], { label: string; tone: 'good' | 'warn' | 'bad' | 'idle' }> = {
  pending: { label: 'Queued', tone: 'idle' },
  running: { label: 'Importing', tone: 'warn' },
  done: { label: 'Done', tone: 'good' },
  failed: { label: 'Failed', tone: 'bad' },
};
