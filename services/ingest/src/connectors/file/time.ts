/**
 * Times in exports: ISO 8601, UK `dd/mm/yyyy hh:mm`, Excel dates. A time without an offset is
 * read as UK wall-clock time (Europe/London), which is what NHS systems export.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Excel counts days from 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** London's offset from UTC in ms at an instant (0 in winter, 1 h in summer). */
function londonOffsetMs(utcMs: number): number {
  const p = Object.fromEntries(londonParts.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** A wall-clock time in London as an instant; null for an impossible date such as 31/02. */
export function londonWallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return null;
  // Two passes settle the offset on either side of a clock change.
  let utc = wall - londonOffsetMs(wall);
  utc = wall - londonOffsetMs(utc);
  return new Date(utc);
}

/** An Excel serial date (days since 1899-12-30, fraction = time of day) read as London wall-clock time. */
export function fromExcelSerial(serial: number): Date | null {
  if (!Number.isFinite(serial) || serial <= 0 || serial > 2_958_465) return null;
  return fromExcelWallClock(new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS)));
}

/** exceljs returns date cells as Dates holding the sheet's wall-clock time in UTC fields. */
export function fromExcelWallClock(d: Date): Date | null {
  if (Number.isNaN(d.getTime())) return null;
  return londonWallClock(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

function parseIso(m: RegExpExecArray): Date | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  if (!zone) return londonWallClock(+y!, +mo!, +d!, +h, +mi, +s, ms);
  const local = londonWallClock(+y!, +mo!, +d!, +h, +mi, +s, ms);
  if (!local) return null; // validates the fields; the zone decides the instant
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms);
  if (zone.toUpperCase() === 'Z') return new Date(wall);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  return new Date(wall - sign * offset);
}

/**
 * Reads a cell or field as a time. Numbers are Excel serial dates below 10^7, else Unix
 * seconds below 10^11, else Unix milliseconds. Returns null when it is not a time.
 */
export function parseTime(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') {
    if (value < 10_000_000) return fromExcelSerial(value);
    const d = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = ISO.exec(text);
  if (iso) return parseIso(iso);
  const uk = UK.exec(text);
  if (uk) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = uk;
    return londonWallClock(+y!, +mo!, +d!, +h, +mi, +s);
  }
  return null;
}
