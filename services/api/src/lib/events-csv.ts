import { parse } from 'csv-parse/sync';
import { zIsoDate } from '@lp/contracts/api';
import { zEventKind, zEventTitle, zEventUrl, type EventImportError } from '@lp/contracts/events';
import type { NewEvent } from '@lp/db/queries/events';

export const EVENT_CSV_COLUMNS = ['date', 'title', 'kind', 'url'] as const;

/** A file that cannot be read as events at all (not CSV, wrong header): the whole upload is refused. */
export class EventsCsvError extends Error {}

export interface ParsedEvents {
  rows: NewEvent[];
  /** `row` 1 is the first data row after the header. */
  errors: EventImportError[];
}

/**
 * Reads `date,title,kind,url` CSV (header required, `url` may be empty or absent). Bad rows are
 * reported with their reason and the good ones kept, so one typo does not lose a whole file.
 */
export function parseEventsCsv(text: string): ParsedEvents {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new EventsCsvError(`not readable as CSV: ${(err as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new EventsCsvError('the file is empty; expected a header row "date,title,kind,url"');
  const names = header.map((h) => h.toLowerCase());
  const at = Object.fromEntries(EVENT_CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof EVENT_CSV_COLUMNS)[number],
    number
  >;
  const missing = EVENT_CSV_COLUMNS.filter((c) => c !== 'url' && at[c] < 0);
  if (missing.length > 0)
    throw new EventsCsvError(
      `the header row must name the columns date,title,kind,url; missing: ${missing.join(', ')}`,
    );

  const rows: NewEvent[] = [];
  const errors: EventImportError[] = [];
  data.forEach((record, i) => {
    const cell = (c: (typeof EVENT_CSV_COLUMNS)[number]) => (at[c] >= 0 ? (record[at[c]] ?? '') : '');
    const problems: string[] = [];
    const day = zIsoDate.safeParse(cell('date'));
    if (!day.success) problems.push(`date: ${day.error.issues[0]?.message ?? 'invalid'}`);
    const title = zEventTitle.safeParse(cell('title'));
    if (!title.success) problems.push(`title: ${title.error.issues[0]?.message ?? 'invalid'}`);
    const kind = zEventKind.safeParse(cell('kind').toLowerCase());
    if (!kind.success) problems.push(`kind: must be one of ${zEventKind.options.join(', ')}`);
    const rawUrl = cell('url');
    const url = rawUrl ? zEventUrl.safeParse(rawUrl) : null;
    if (url && !url.success) problems.push(`url: ${url.error.issues[0]?.message ?? 'invalid'}`);

    if (problems.length > 0 || !day.success || !title.success || !kind.success) {
      errors.push({ row: i + 1, error: problems.join('; ') });
      return;
    }
    rows.push({ day: day.data, title: title.data, kind: kind.data, url: url?.success ? url.data : null });
  });
  return { rows, errors };
}
