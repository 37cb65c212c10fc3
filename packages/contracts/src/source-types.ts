/**
 * The source types the product knows, shared by the API (validation), the dashboard (the add form)
 * and ingest. The ingest registry is the authority on what can actually be polled; these lists
 * must name the same types and the same credential fields.
 */
export const SOURCE_TYPES = [
  'mastodon',
  'demo',
  'x',
  'bluesky',
  'reddit',
  'rss',
  'file',
  'youtube',
  'facebook',
  'linkedin',
  'jetstream',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Credential fields per type: never stored in `config`, never returned by the API. */
export const SECRET_FIELDS: Record<string, string[]> = {
  mastodon: [],
  demo: [],
  x: ['bearerToken'],
  bluesky: ['appPassword'],
  reddit: ['clientSecret'],
  rss: [],
  file: [],
  youtube: ['apiKey'],
  facebook: ['pageAccessToken'],
  linkedin: ['accessToken'],
  jetstream: [],
};

export interface ReadBudget {
  /** The config field that sets it (a dashboard source may leave it out: then `default` applies). */
  key: string;
  default: number;
  /** X bills per calendar month (UTC); Google resets YouTube's quota at midnight Pacific time. */
  period: 'utc-month' | 'pacific-day';
}

/** Types whose platform bills or rations reads: what each may spend per period, kept in Postgres. */
export const READ_BUDGETS: Record<string, ReadBudget> = {
  x: { key: 'monthlyReadBudget', default: 10_000, period: 'utc-month' },
  youtube: { key: 'dailyQuotaUnits', default: 10_000, period: 'pacific-day' },
};

/** A source's budget per period, from its config or the type's default; null when its type has none. */
export function readBudgetOf(type: string, config: Record<string, unknown>): number | null {
  const budget = READ_BUDGETS[type];
  if (!budget) return null;
  const set = config[budget.key];
  return typeof set === 'number' && Number.isFinite(set) ? Math.floor(set) : budget.default;
}

/**
 * Types consumed as a long-lived stream by the `stream` ingest role (one leased consumer per
 * source), never by poll jobs: they have no poll schedule.
 */
export const STREAM_SOURCE_TYPES: readonly string[] = ['jetstream'];
export const isStreamSourceType = (type: string): boolean => STREAM_SOURCE_TYPES.includes(type);

/** Types whose posts are generated, not collected: marked synthetic in the data and the UI. */
export const SYNTHETIC_SOURCE_TYPES: readonly string[] = ['demo'];

/** Where a file-managed source keeps its credentials' `${VAR}` references inside `config`. */
export const SECRET_REFS_KEY = '$secrets';

export const isSourceType = (type: string): type is SourceType => (SOURCE_TYPES as readonly string[]).includes(type);

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** `30s`, `5m`, `1h`, `1d` → seconds (null when not a positive duration). Same rules as the sources file. */
export function durationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const seconds = Math.round(Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS]);
  return seconds > 0 ? seconds : null;
}

/** Seconds → the largest whole unit: 300 → `5m`, 90 → `90s`. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const n = UNIT_SECONDS[unit];
    if (seconds >= n && seconds % n === 0) return `${seconds / n}${unit}`;
  }
  return `${seconds}s`;
}
