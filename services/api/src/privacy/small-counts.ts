import type { TopicsFigures, TopicsResponse, TrendsFigures, TrendsResponse } from '@lp/contracts/api';
import type { Role } from '@lp/contracts/auth';
import type { OverviewFigures, OverviewResponse } from '@lp/contracts/overview';

/**
 * No singling out (README "No singling out"). A viewer reads figures, not posts; a figure of 1 to 9
 * posts in a breakdown finer than topic × week could still point at one member of staff (the only
 * night-shift porter who posted, the one Welsh speaker on a ward). So for the viewer role every
 * such count is answered as null, and the object holding it says `suppressed: true`.
 *
 * Withholding one cell is not enough when the others add back up to it, so:
 * - a sentiment split with any class of 1–9 is withheld whole (all four classes), with the index,
 *   its interval and its number of scored posts (together they give the split back);
 * - in a group that adds up to a figure shown beside it (voices, sources and languages to the
 *   period's total; the days of a whole week to that week's total), a lone withheld member takes
 *   the smallest other one with it, or, with none left to take, the whole group goes
 *   (complementary suppression);
 * - means, shares and changes built on withheld counts go with them.
 *
 * Topic × week is the coarsest grain: a topic's (or everything's) total over whole Monday-to-Sunday
 * weeks, with no filter but the topic, is shown whatever its size. Anything else is finer.
 */
export const SMALL_COUNT_MAX = 9;

const isSmall = (n: number) => n >= 1 && n <= SMALL_COUNT_MAX;

/** Whether a caller gets small counts withheld. */
export const withholdsSmallCounts = (role: Role | undefined): boolean => role === 'viewer';

const DAY_MS = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isMonday = (d: string) => new Date(dayMs(d)).getUTCDay() === 1;

/**
 * Whole weeks (`from` a Monday, `to` exclusive a whole number of weeks later), filtered by nothing
 * but topic: totals may be shown. Any other range would let two answers be subtracted into a day.
 */
type Filters = { source?: string; sentiment?: string; lang?: string; voice?: string; aboutUs?: unknown };

/** No filter but topic: every post of the topic (or of all topics) counts. */
export const onlyTopicFilter = (q: Filters): boolean =>
  !q.source && !q.sentiment && !q.lang && !q.voice && q.aboutUs === undefined;

export function topicByWeekOrCoarser(q: { from: string; to: string } & Filters): boolean {
  const days = (dayMs(q.to) - dayMs(q.from)) / DAY_MS;
  return isMonday(q.from) && days >= 7 && days % 7 === 0 && onlyTopicFilter(q);
}

const CLASS_KEYS = ['positive', 'neutral', 'negative', 'unscored'] as const;
type ClassKey = (typeof CLASS_KEYS)[number];
type Whole = { total: number } & Partial<Record<ClassKey, number>>;
type Shown<T> = { [K in keyof T]: K extends 'total' | ClassKey ? number | null : T[K] } & { suppressed?: boolean };

/** The index when its split is withheld: nothing of it is shown. */
const NO_INDEX = { value: null, low: null, high: null, scored: null, enough: false };

/**
 * One row of counts as a viewer gets it: the total (withheld when small, unless `totalShown`) and
 * the sentiment split (withheld whole when any class is small, or when `hideSplit`).
 */
function row<T extends Whole>(c: T, opts: { totalShown: boolean; hideSplit?: boolean; hideTotal?: boolean }): Shown<T> {
  const out = { ...c } as Record<string, unknown>;
  const present = CLASS_KEYS.filter((k) => typeof c[k] === 'number');
  const splitHidden = opts.hideSplit || present.some((k) => isSmall(c[k]!));
  const totalHidden = opts.hideTotal || (!opts.totalShown && isSmall(c.total));
  if (splitHidden) for (const k of present) out[k] = null;
  if (totalHidden) out.total = null;
  if (splitHidden || totalHidden) out.suppressed = true;
  if ('index' in c && splitHidden) out.index = NO_INDEX;
  if ('meanScore' in c && splitHidden) out.meanScore = null;
  return out as Shown<T>;
}

const splitHidden = (r: Record<string, unknown>) => CLASS_KEYS.some((k) => k in r && r[k] === null);

/**
 * Complementary suppression over a group adding up to a figure shown beside it: when exactly one
 * member with posts has its `part` withheld, the smallest other member with posts is withheld too;
 * when there is none, every member's `part` is (zeros included), so the group cannot be solved.
 */
function complement<T extends Whole>(
  whole: readonly T[],
  shown: Array<Shown<T>>,
  part: 'total' | 'split',
  parentShown: boolean,
): Array<Shown<T>> {
  if (!parentShown) return shown;
  const hidden = (i: number) => (part === 'total' ? shown[i]!.total === null : splitHidden(shown[i]!));
  const withPosts = whole.map((w, i) => i).filter((i) => whole[i]!.total > 0);
  const lone = withPosts.filter(hidden);
  if (lone.length !== 1) return shown;
  const others = withPosts.filter((i) => !hidden(i)).sort((a, b) => whole[a]!.total - whole[b]!.total);
  const hide = (i: number) =>
    row(whole[i]!, {
      totalShown: part === 'split',
      hideTotal: part === 'total' || shown[i]!.total === null,
      hideSplit: part === 'split' || splitHidden(shown[i]!),
    });
  const out = [...shown];
  if (others.length > 0) out[others[0]!] = hide(others[0]!);
  else for (let i = 0; i < out.length; i++) out[i] = hide(i);
  return out;
}

type Classes = OverviewFigures['current'];
type Voice = OverviewFigures['voices'][number];

/** Voices add up to the period's figures: totals to its total, splits to its split. */
function voicesOf(voices: readonly Voice[], parent: { current: Shown<Classes>; before: Shown<Classes> }) {
  const side = (which: 'current' | 'before') => {
    const whole = voices.map((v) => v[which]);
    let shown = whole.map((c) => row(c, { totalShown: false }));
    shown = complement(whole, shown, 'total', parent[which].total !== null);
    shown = complement(whole, shown, 'split', !splitHidden(parent[which]));
    return shown;
  };
  const current = side('current');
  const before = side('before');
  return voices.map((v, i) => {
    const hidden = splitHidden(current[i]!) || splitHidden(before[i]!);
    return {
      ...v,
      current: current[i]!,
      before: before[i]!,
      indexChange: hidden ? null : v.indexChange,
      indexDirection: hidden ? null : v.indexDirection,
    };
  });
}

/** A viewer's overview: see the module comment. `coarse`: the query is topic × whole weeks. */
export function overviewForViewer(o: OverviewFigures, coarse: boolean): OverviewResponse {
  const current = row(o.current, { totalShown: coarse });
  const before = row(o.before, { totalShown: coarse });
  const splitGone = splitHidden(current) || splitHidden(before);
  const sources = complement(
    o.sources,
    o.sources.map((s) => row(s, { totalShown: false })),
    'total',
    current.total !== null,
  );
  return {
    ...o,
    current,
    before,
    indexChange: splitGone ? null : o.indexChange,
    indexDirection: splitGone ? null : o.indexDirection,
    volumeChange: current.total === null || before.total === null ? null : o.volumeChange,
    topics: o.topics.map((t) => {
      // A topic's total over whole weeks is topic × week; the negative counts behind its shares are finer.
      const total = coarse || !isSmall(t.total) ? t.total : null;
      const negative = isSmall(t.negative) ? null : t.negative;
      const previousNegative = isSmall(t.previousNegative) ? null : t.previousNegative;
      const shareGone = total === null || negative === null;
      const before = previousNegative === null;
      const suppressed = total === null || negative === null || previousNegative === null;
      return {
        ...t,
        total,
        negative,
        previousNegative,
        negativeShare: shareGone ? null : t.negativeShare,
        previousNegativeShare: before ? null : t.previousNegativeShare,
        negativeShareChange: shareGone || before ? null : t.negativeShareChange,
        ...(suppressed ? { suppressed: true } : {}),
      };
    }),
    sources: complement(o.sources, sources, 'split', !splitHidden(current)),
    voices: voicesOf(o.voices, { current, before }),
    perTopic: o.perTopic?.map((p) => {
      const pc = row(p.current, { totalShown: coarse });
      const pb = row(p.before, { totalShown: coarse });
      const gone = splitHidden(pc) || splitHidden(pb);
      return {
        ...p,
        current: pc,
        before: pb,
        indexChange: gone ? null : p.indexChange,
        indexDirection: gone ? null : p.indexDirection,
        volumeChange: pc.total === null || pb.total === null ? null : p.volumeChange,
        voices: voicesOf(p.voices, { current: pc, before: pb }),
      };
    }),
    languages: complement(
      o.languages,
      o.languages.map((l) => row(l, { totalShown: false })),
      'total',
      current.total !== null,
    ),
  };
}

type Bucket = TrendsFigures['buckets'][number];

/**
 * A viewer's trends. A bucket that is a whole week inside the range (unfiltered) shows its total;
 * every other count of 1–9 is withheld. Days are grouped into their Monday-to-Sunday weeks: a
 * whole week's days add up to that week's total, so they are suppressed as a group.
 */
export function trendsForViewer(
  t: TrendsFigures,
  q: { from: string; to: string; bucket: 'day' | 'week' },
  unfiltered: boolean,
): TrendsResponse {
  const inRange = (start: string, days: number) => start >= q.from && dayMs(start) + days * DAY_MS <= dayMs(q.to);
  const series = (buckets: readonly Bucket[]) => {
    if (q.bucket === 'week') return buckets.map((b) => row(b, { totalShown: unfiltered && inRange(b.start, 7) }));
    const out = buckets.map((b) => row(b, { totalShown: false }));
    // Each whole week of days inside the range adds up to a week total a viewer can ask for.
    const weeks = new Map<string, number[]>();
    buckets.forEach((b, i) => {
      const monday = new Date(dayMs(b.start) - ((new Date(dayMs(b.start)).getUTCDay() + 6) % 7) * DAY_MS)
        .toISOString()
        .slice(0, 10);
      weeks.set(monday, [...(weeks.get(monday) ?? []), i]);
    });
    for (const [monday, idx] of weeks) {
      if (idx.length !== 7 || !inRange(monday, 7)) continue;
      const whole = idx.map((i) => buckets[i]!);
      let shown = idx.map((i) => out[i]!);
      shown = complement(whole, shown, 'total', true);
      shown = complement(whole, shown, 'split', true);
      idx.forEach((i, k) => (out[i] = shown[k]!));
    }
    return out;
  };
  return {
    buckets: series(t.buckets),
    series: t.series.map((s) => ({ ...s, buckets: series(s.buckets) })),
  };
}

/** A viewer's topic table: totals over whole weeks are topic × week; the sentiment split is finer. */
export function topicsForViewer(t: TopicsFigures, totalShown: boolean): TopicsResponse {
  return { topics: t.topics.map((r) => row(r, { totalShown })) };
}
