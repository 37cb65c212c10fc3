import { z } from 'zod';

/** An ISO week, e.g. 2025-W03 (Monday to Sunday, Europe/London). */
export const zIsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'must be an ISO week such as 2025-W03')
  .refine((w) => {
    const year = Number(w.slice(0, 4));
    const week = Number(w.slice(6));
    return year >= 1970 && year <= 2100 && week >= 1 && week <= isoWeeksInYear(year);
  }, 'is not a week of that year (weeks run from W01 to W52, or W53 in long years)');

/** 53 when 1 January is a Thursday, or a Wednesday in a leap year; otherwise 52. */
export function isoWeeksInYear(year: number): number {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday starting ISO week `YYYY-Www` (week 1 holds 4 January), and the next Monday (exclusive). */
export function isoWeekRange(week: string): { from: string; to: string } {
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const dow = new Date(jan4).getUTCDay() || 7;
  const monday = jan4 - (dow - 1) * DAY_MS + (n - 1) * 7 * DAY_MS;
  return { from: isoDay(monday), to: isoDay(monday + 7 * DAY_MS) };
}

/** The ISO week holding a calendar date. */
export function isoWeekOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const dow = new Date(ms).getUTCDay() || 7;
  const thursday = ms + (4 - dow) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last whole week before the London day `today`. */
export function lastWholeWeek(today: string): string {
  return isoWeekOf(isoDay(Date.parse(`${today}T00:00:00Z`) - 7 * DAY_MS));
}

/** The week `n` weeks after (or before, negative) an ISO week. */
export function shiftWeek(week: string, n: number): string {
  return isoWeekOf(isoDay(Date.parse(`${isoWeekRange(week).from}T00:00:00Z`) + n * 7 * DAY_MS));
}

export const zReportFormat = z.enum(['json', 'html', 'pdf']);

export const zWeeklyReportQuery = z.object({
  /** Default: the last whole week (Monday to Sunday) before today. */
  week: zIsoWeek.optional(),
  format: zReportFormat.default('json'),
});

/** A count as a board paper shows it: 1 to 9 are "<10" (and their value withheld), so no small group is singled out. */
export const zReportCount = z.object({ value: z.number().int().nullable(), text: z.string() });
export type ReportCount = z.infer<typeof zReportCount>;

const zComparisonLine = z.object({
  comparable: z.boolean(),
  reason: z.string().nullable(),
  /** Index points, this week minus the other period; null when not comparable or too few posts. */
  change: z.number().nullable(),
  direction: z.enum(['up', 'down', 'no_clear_change']).nullable(),
  /** The other period's index. */
  index: z.number().nullable(),
});

export const zWeeklyReport = z.object({
  week: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  title: z.string(),
  generatedAt: z.string(),
  /** One paragraph written from the figures by templates. */
  summary: z.string(),
  /** What was collected: volume and data coverage. */
  outputs: z.object({
    posts: zReportCount,
    staffPosts: zReportCount,
    previousWeekPosts: zReportCount,
    volumeChange: z.number().nullable(),
    coverage: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        daysCovered: z.number().int(),
        days: z.number().int(),
        hoursMissing: z.number().int(),
        failedPolls: z.number().int(),
        state: z.string(),
        note: z.string(),
      }),
    ),
    coverageNote: z.string(),
  }),
  /** What people said: staff mood against last week and the 8-week average, topics and notable posts. */
  outtakes: z.object({
    staffIndex: z.object({
      value: z.number().nullable(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      scored: zReportCount,
      note: z.string().nullable(),
    }),
    againstLastWeek: zComparisonLine,
    againstEightWeeks: zComparisonLine,
    topicsByVolume: z.array(z.object({ id: z.string(), name: z.string(), posts: zReportCount })),
    topicsByNegativeChange: z.array(
      z.object({ id: z.string(), name: z.string(), negativeShare: z.number().nullable(), change: z.number() }),
    ),
    notablePosts: z.array(
      z.object({
        publishedAt: z.string(),
        platform: z.string(),
        text: z.string(),
        topics: z.array(z.string()),
        sentiment: z.string(),
        similar: z.number().int(),
      }),
    ),
  }),
  /** What happened around it: the week's events (outcomes need data the product does not hold). */
  outcomes: z.object({
    events: z.array(z.object({ day: z.string(), title: z.string(), kind: z.string() })),
    note: z.string(),
  }),
});
export type WeeklyReport = z.infer<typeof zWeeklyReport>;
