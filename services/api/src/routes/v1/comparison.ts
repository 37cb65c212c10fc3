import type { SourceDayCoverage } from '@lp/db/queries/coverage';

/** Whether two periods may be compared, and why not in plain words. */
export interface Comparison {
  comparable: boolean;
  reason: string | null;
  /** The current period includes today (or later): it is not over yet. */
  partial: boolean;
}

/** For one source in the view: whole days of data in this period and the previous one. */
export interface SourceCoverageSummary {
  id: string;
  name: string;
  days: number;
  daysCovered: number;
  previousDays: number;
  previousDaysCovered: number;
  /** Polls that failed in either period (the source was down or refused). */
  failedPolls: number;
  /** Spans it knows it missed (source_gaps), filled in by the caller; their hours are already uncovered. */
  missed: Array<{ from: string; to: string; reason: string }>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function londonToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

/**
 * The comparison rules, in one place for every figure that says "up" or "down" (overview, per
 * voice, per topic; later the weekly report): two periods are compared only when both are over and
 * every source in the view covered every day of both. Otherwise the reason names the first source
 * that did not, with its days, so a new source or an outage is never read as a change in mood.
 */
export function judgeComparison(input: {
  period: { from: string; to: string };
  previous: { from: string; to: string };
  coverage: SourceDayCoverage[];
  sourceNames: ReadonlyMap<string, string>;
  now?: Date;
}): { comparison: Comparison; sources: SourceCoverageSummary[] } {
  const today = londonToday(input.now ?? new Date());
  const partial = input.period.to > today;
  const bySource = new Map<string, SourceCoverageSummary>();
  for (const d of input.coverage) {
    let s = bySource.get(d.sourceId);
    if (!s) {
      s = {
        id: d.sourceId,
        name: input.sourceNames.get(d.sourceId) ?? d.sourceId,
        days: 0,
        daysCovered: 0,
        previousDays: 0,
        previousDaysCovered: 0,
        failedPolls: 0,
        missed: [],
      };
      bySource.set(d.sourceId, s);
    }
    const whole = d.coveredHours >= d.hours;
    s.failedPolls += d.failedPolls;
    if (d.day >= input.period.from) {
      // Days after today are not counted as missing: the partial rule speaks for them.
      if (d.day > today) continue;
      s.days += 1;
      if (whole) s.daysCovered += 1;
    } else {
      s.previousDays += 1;
      if (whole) s.previousDaysCovered += 1;
    }
  }
  const sources = [...bySource.values()];
  const no = (reason: string): { comparison: Comparison; sources: SourceCoverageSummary[] } => ({
    comparison: { comparable: false, reason, partial },
    sources,
  });

  if (partial)
    return no(
      input.period.from >= today
        ? 'Today is not over yet, so it is not compared with earlier days.'
        : 'This period includes today, which is not over yet, so it is not compared with the period before.',
    );
  if (sources.length === 0) return no('No source collected data in either period, so there is nothing to compare.');

  const problems: string[] = [];
  for (const s of sources) {
    const parts: string[] = [];
    if (s.previousDaysCovered < s.previousDays)
      parts.push(
        `the previous ${plural(s.previousDays, 'day')} ${s.previousDays === 1 ? 'has' : 'have'} ${s.previousDaysCovered === 0 ? 'no data' : `${plural(s.previousDaysCovered, 'whole day')} of data`} from ${s.name}`,
      );
    if (s.daysCovered < s.days)
      parts.push(
        `this period has ${s.daysCovered === 0 ? 'no data' : `${s.daysCovered} of ${s.days} whole days of data`} from ${s.name}`,
      );
    if (parts.length > 0) problems.push(parts.join(', and '));
  }
  if (problems.length === 0) return { comparison: { comparable: true, reason: null, partial }, sources };
  const first = problems[0]!;
  const more =
    problems.length > 1
      ? ` (and ${plural(problems.length - 1, 'other source')} ${problems.length === 2 ? 'has' : 'have'} gaps)`
      : '';
  return no(`${first[0]!.toUpperCase()}${first.slice(1)}${more}, so the change is not shown.`);
}

/** "up" or "down" only when the two 95% intervals do not overlap. */
export type IndexDirection = 'up' | 'down' | 'no_clear_change';

export function indexDirection(
  now: { value: number | null; low: number | null; high: number | null },
  before: { value: number | null; low: number | null; high: number | null },
): IndexDirection | null {
  if (now.low === null || now.high === null || before.low === null || before.high === null) return null;
  if (now.low > before.high) return 'up';
  if (now.high < before.low) return 'down';
  return 'no_clear_change';
}
