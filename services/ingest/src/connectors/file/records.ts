import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ImportFormat } from '@lp/contracts/imports';
import { fromExcelWallClock } from './time';

/** One row of a file as column → value, or why it could not be read. Rows count the header as row 1. */
export type FileRecord = { row: number; record: Record<string, unknown> } | { row: number; error: string };

export interface FileRecords {
  /** The header row (CSV, XLSX); JSONL has none: each line names its own fields. */
  headers: string[] | null;
  records: FileRecord[];
}

/** The whole file is unusable (not the format it claims, no header row): nothing is stored. */
export class ImportFileError extends Error {}

/** Reading stops past this many data rows; the whole file is then refused (a partial import would mislead). */
export interface ReadOptions {
  maxRows?: number;
}

function tooManyRows(maxRows: number): ImportFileError {
  return new ImportFileError(
    `the file has more than ${maxRows.toLocaleString('en-GB')} rows; split it into files of at most that many rows`,
  );
}

/** Exports from Excel in some locales use ';', others a tab: the header row tells which. */
function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function readCsv(buffer: Buffer, opts: ReadOptions = {}): FileRecords {
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  const skipped: FileRecord[] = [];
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // The header, the allowed rows and one more to tell that there were too many.
      ...(opts.maxRows !== undefined ? { to: opts.maxRows + 2 } : {}),
      on_skip: (err) => {
        const n = Number(err?.records ?? 0);
        skipped.push({ row: n + 1, error: `not readable as CSV: ${err?.message ?? 'malformed row'}` });
        return undefined;
      },
    }) as string[][];
  } catch (err) {
    throw new ImportFileError(`not a readable CSV file: ${(err as Error).message}`);
  }
  const [header, ...body] = rows;
  if (!header) throw new ImportFileError('the CSV file is empty: a header row naming the columns is needed');
  if (opts.maxRows !== undefined && body.length + skipped.length > opts.maxRows) throw tooManyRows(opts.maxRows);
  const headers = header.map((h) => h.trim());
  const records: FileRecord[] = body.map((cells, i) => ({
    row: i + 2,
    record: Object.fromEntries(headers.map((h, c) => [h, cells[c]])),
  }));
  return { headers, records: [...records, ...skipped].sort((a, b) => a.row - b.row) };
}

export function readJsonl(buffer: Buffer, opts: ReadOptions = {}): FileRecords {
  const lines = buffer
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (opts.maxRows !== undefined && lines.filter((l) => l.trim() !== '').length > opts.maxRows)
    throw tooManyRows(opts.maxRows);
  const records: FileRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value))
        records.push({ row: i + 1, record: value as Record<string, unknown> });
      else records.push({ row: i + 1, error: 'line is JSON but not an object' });
    } catch (err) {
      records.push({ row: i + 1, error: `line is not valid JSON: ${(err as Error).message}` });
    }
  });
  return { headers: null, records };
}

/** A cell as a plain value: rich text joined, formulas as their cached result, dates as instants. */
export function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return fromExcelWallClock(value) ?? undefined;
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellValue((value as { result?: ExcelJS.CellValue }).result);
  if ('error' in value) return undefined;
  if ('text' in value) return cellValue((value as { text: ExcelJS.CellValue }).text);
  return undefined;
}

export async function readXlsx(buffer: Buffer, opts: ReadOptions = {}): Promise<FileRecords> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer.
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new ImportFileError(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new ImportFileError('the workbook has no rows: a header row is needed');
  if (opts.maxRows !== undefined && sheet.actualRowCount - 1 > opts.maxRows) throw tooManyRows(opts.maxRows);
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = String(cellValue(cell.value) ?? '').trim();
  });
  const records: FileRecord[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const record: Record<string, unknown> = {};
    headers.forEach((h, c) => {
      if (h) record[h] = cellValue(row.getCell(c + 1).value);
    });
    records.push({ row: r, record });
  }
  return { headers: headers.filter(Boolean), records };
}

export async function readRecords(buffer: Buffer, format: ImportFormat, opts: ReadOptions = {}): Promise<FileRecords> {
  if (format === 'csv') return readCsv(buffer, opts);
  if (format === 'jsonl') return readJsonl(buffer, opts);
  return readXlsx(buffer, opts);
}
