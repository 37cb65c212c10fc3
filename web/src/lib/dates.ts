import type { Bucket } from '@lp/contracts/api';

/** The API's calendar: every range and bucket boundary is a day in this zone. */
export const LONDON = 'Europe/London';

const isoDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Europe/London calendar date of an instant, as `YYYY-MM-DD` (en-CA formats dates that way). */
export function londonDate(instant: Date): string {
  return isoDayFormat.format(instant);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Moves a calendar date by whole days. Works on the date alone (in UTC), so a clock change in
 * London can never turn "one day later" into the same day or two days later.
 */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type DateRange = { from: string; to: string };

/**
 * The last `days` whole London days, ending yesterday: `to` is today because ranges exclude `to`.
 * Today is not over, so a range holding it could not be compared with the one before it.
 */
export function lastDays(days: number, now: Date = new Date()): DateRange {
  const to = londonDate(now);
  return { from: addDays(to, -days), to };
}

/** Today so far (London): a partial day, shown but never compared. */
export function todaySoFar(now: Date = new Date()): DateRange {
  const from = londonDate(now);
  return { from, to: addDays(from, 1) };
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `hh:mm:ss` in London, for "updated …" stamps. */
export function formatClock(instant: Date | number): string {
  return timeFormat.format(instant);
}

const postTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const secondsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as London readers see it, e.g. `3 Feb 2025, 14:05` (with `:09` seconds for the audit log). */
export function formatPostTime(iso: string, withSeconds = false): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return (withSeconds ? secondsFormat : postTimeFormat).format(instant);
}

// Bucket starts are plain dates, so they are formatted in UTC to keep the day they name.
const dayLabelFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const longDayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** Short axis label for a bucket: `3 Feb`, or `w/c 3 Feb` for a week. */
export function formatBucketLabel(start: string, bucket: Bucket): string {
  const label = dayLabelFormat.format(new Date(`${start}T00:00:00Z`));
  return bucket === 'week' ? `w/c ${label}` : label;
}

/** Unambiguous label for tables and tooltips: `Mon 3 Feb 2025`, or `week commencing Mon 3 Feb 2025`. */
export function formatBucketLong(start: string, bucket: Bucket): string {
  // Built from parts: ICU versions disagree on the comma after the weekday.
  const parts = longDayFormat.formatToParts(new Date(`${start}T00:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const label = `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
  return bucket === 'week' ? `week commencing ${label}` : label;
}

/** Human wording for an exclusive range, e.g. `3 Feb 2025 to 9 Feb 2025`. */
export function formatRange({ from, to }: DateRange): string {
  const long = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const last = addDays(to, -1);
  const first = long.format(new Date(`${from}T00:00:00Z`));
  return last === from ? first : `${first} to ${long.format(new Date(`${last}T00:00:00Z`))}`;
}

/**
 * Why a bucket holds less than a whole day or week of the range, or null when it is whole:
 * a week cut by the range's ends, or today (not over yet). Charts mark these so a short
 * bucket is never read as a quiet one.
 */
export function partialBucket(start: string, bucket: Bucket, range: DateRange, now: Date = new Date()): string | null {
  const today = londonDate(now);
  const end = addDays(start, bucket === 'day' ? 1 : 7);
  const first = start < range.from ? range.from : start;
  const last = end > range.to ? range.to : end;
  const whole = daysBetween(start, end);
  const inRange = daysBetween(first, last);
  if (today >= first && today < last) {
    const done = daysBetween(first, today);
    return bucket === 'day' ? 'today so far' : `partial: ${done} of ${whole} days and today so far`;
  }
  return inRange < whole ? `partial: ${inRange} of ${whole} days in the range` : null;
}
