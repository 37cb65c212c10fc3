import { zEmail } from './auth';
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
    /**
     * The topics the settings say the board follows, each with its week, whether or not it made the
     * top five; empty when none are chosen. A topic no longer in the taxonomy is left out.
     */
    topicsOfInterest: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        posts: zReportCount,
        staffPosts: zReportCount,
        negativeShare: z.number().nullable(),
        negativeShareChange: z.number().nullable(),
        /** The topic's staff index, or null with too few scored staff posts (under 30). */
        staffIndex: z.number().nullable(),
      }),
    ),
  }),
  /** The figures behind the report's two charts, as drawn in the HTML and PDF. */
  charts: z.object({
    /** The staff index for this week and the 8 before it, oldest first; null where too few scored posts. */
    staffIndexByWeek: z.array(
      z.object({
        week: z.string(),
        value: z.number().nullable(),
        low: z.number().nullable(),
        high: z.number().nullable(),
        scored: zReportCount,
      }),
    ),
    /** Posts per day of the week by sentiment (Europe/London days); counts of 1 to 9 are "<10". */
    postsByDay: z.array(
      z.object({
        day: z.string(),
        posts: zReportCount,
        positive: z.number().int(),
        neutral: z.number().int(),
        negative: z.number().int(),
        unscored: z.number().int(),
        /** Whether every enabled source collected every hour of that day. */
        covered: z.boolean(),
      }),
    ),
  }),
  /** What happened around it: the week's events (outcomes need data the product does not hold). */
  outcomes: z.object({
    events: z.array(z.object({ day: z.string(), title: z.string(), kind: z.string() })),
    /**
     * The week's alerts (rules and source health), oldest first: what fired, when and whether
     * someone acknowledged it. No post text and no counts (a board paper shows none under 10).
     */
    alerts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['rule', 'source_health']),
        window: z.object({ from: z.string(), to: z.string() }),
        line: z.string(),
        acknowledged: z.boolean(),
      }),
    ),
    /** More alerts fired than are listed (the list stops at 50). */
    moreAlerts: z.number().int(),
    note: z.string(),
  }),
});
export type WeeklyReport = z.infer<typeof zWeeklyReport>;

/** Who gets the Monday email, when (Europe/London), and which topics the report dwells on. */
export const zReportSettings = z.object({
  recipients: z.array(zEmail).max(50, 'at most 50 recipients'),
  sendTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 07:00'),
  topics: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a topic id')).max(10),
});
export type ReportSettingsView = z.infer<typeof zReportSettings>;

export const zSendReportQuery = z.object({ week: zIsoWeek.optional() });
/** Optional: send to these addresses now (again, if they had it); otherwise to the configured recipients, once. */
export const zSendReportBody = z.object({ to: z.array(zEmail).min(1).max(50).optional() }).nullish();

export const zReportDelivery = z.object({
  recipient: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export const zSendReportResponse = z.object({ week: z.string(), deliveries: z.array(zReportDelivery) });
export type SendReportResponse = z.infer<typeof zSendReportResponse>;

/** The settings as answered (the request schema normalises emails; an answer is only shown). */
export const zReportSettingsResponse = z.object({
  recipients: z.array(z.string()),
  sendTime: z.string(),
  topics: z.array(z.string()),
  /** Whether the API can send email (SMTP_URL set); without it the schedule is off. */
  emailEnabled: z.boolean(),
  /** When the next Monday email goes (ISO time), or null when it will not (no SMTP or no recipients). */
  nextSend: z.string().nullable(),
});
export type ReportSettingsResponse = z.infer<typeof zReportSettingsResponse>;

/** The archive: every week a report was emailed for, newest first, with each recipient's status. */
export const zReportArchive = z.object({
  reports: z.array(
    z.object({
      week: z.string(),
      createdAt: z.string(),
      deliveries: z.array(zReportDelivery),
    }),
  ),
});
export type ReportArchive = z.infer<typeof zReportArchive>;
export const zReportArchiveQuery = z.object({ limit: z.coerce.number().int().min(1).max(104).default(26) });
