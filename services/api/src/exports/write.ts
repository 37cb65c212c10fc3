import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { DataDictionary, ExportFormat } from '@lp/contracts/exports';
import { neutralise } from './neutralise';
import type { Cell, ExportRecord } from './records';

/** Excel's 1,048,576 rows a sheet, less the header. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/**
 * Waits until `stream` can take more, or fails when the destination has gone (a download the
 * client cancelled): the export then stops reading instead of waiting for ever.
 */
async function drained(stream: Writable, destination: Writable) {
  if (destination.destroyed) throw new Error('the download was cancelled');
  if (!stream.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      destination.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the download was cancelled'));
    stream.on('drain', onDrain);
    destination.on('close', onClose);
  });
}

/**
 * Writes an export to `out` as its batches arrive, waiting whenever `out` is full, so memory holds
 * about one batch however large the export. Answers the rows written; `onRows` hears progress.
 *
 * CSV through csv-stringify (RFC 4180 quoting, a BOM so Excel reads UTF-8), XLSX through exceljs's
 * streaming WorkbookWriter (each row committed as written), JSON Lines by hand (one JSON.stringify
 * per line: no library is needed for that).
 */
export async function writeExport(opts: {
  format: ExportFormat;
  dictionary: DataDictionary;
  records: AsyncIterable<ExportRecord[]>;
  out: Writable;
  sheetName: string;
  onRows?: (rows: number) => Promise<void> | void;
  xlsxRowsPerSheet?: number;
}): Promise<number> {
  const names = opts.dictionary.columns.map((c) => c.name);
  let rows = 0;
  if (opts.format === 'jsonl') {
    for await (const batch of opts.records) {
      // One write per batch: a JSON line per record, exact (text Postgres wrote, or stringified here).
      opts.out.write(batch.map((r) => `${typeof r.json === 'string' ? r.json : JSON.stringify(r.json)}\n`).join(''));
      rows += batch.length;
      await opts.onRows?.(rows);
      await drained(opts.out, opts.out);
    }
    opts.out.end();
    return rows;
  }
  if (opts.format === 'csv') {
    const csv = stringify({
      bom: true,
      header: true,
      columns: names,
      cast: { boolean: (b) => (b ? 'true' : 'false') },
    });
    csv.pipe(opts.out);
    for await (const batch of opts.records) {
      // A batch's rows leave as one write (writev), not one system call per row into a file.
      opts.out.cork();
      for (const r of batch) csv.write(r.cells.map(neutralise));
      process.nextTick(() => opts.out.uncork());
      rows += batch.length;
      await opts.onRows?.(rows);
      await drained(csv, opts.out);
    }
    csv.end();
    await once(csv, 'end');
    return rows;
  }
  const perSheet = opts.xlsxRowsPerSheet ?? XLSX_ROWS_PER_SHEET;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: opts.out,
    useStyles: false,
    useSharedStrings: false,
  });
  let sheetNo = 0;
  let sheet: ExcelJS.Worksheet | null = null;
  let inSheet = 0;
  const newSheet = () => {
    sheet?.commit();
    sheetNo += 1;
    sheet = workbook.addWorksheet(sheetNo === 1 ? opts.sheetName : `${opts.sheetName} (${sheetNo})`);
    sheet.addRow(names).commit();
    inSheet = 0;
  };
  newSheet();
  for await (const batch of opts.records) {
    opts.out.cork();
    process.nextTick(() => opts.out.uncork());
    for (const r of batch) {
      if (inSheet === perSheet) newSheet();
      sheet!.addRow(r.cells.map((c: Cell) => neutralise(c))).commit();
      inSheet += 1;
    }
    rows += batch.length;
    await opts.onRows?.(rows);
    await drained(opts.out, opts.out);
  }
  (sheet as ExcelJS.Worksheet | null)?.commit();
  const dict = workbook.addWorksheet('Data dictionary');
  dict.addRow(['column', 'type', 'unit', 'description']).commit();
  for (const c of opts.dictionary.columns) dict.addRow([c.name, c.type, c.unit, c.description]).commit();
  dict.addRow([]).commit();
  dict.addRow(['model version', opts.dictionary.modelVersion]).commit();
  for (const n of opts.dictionary.notes) dict.addRow(['note', n]).commit();
  dict.commit();
  await workbook.commit();
  return rows;
}
