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
 * - a lone withheld class beside a shown total takes the next smallest class with it (the total
 *   minus the others would give it back), and any withheld class takes the index, its interval, its
 *   number of scored posts and the mean score with it (together they give the split back);
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

type Key = 'total' | ClassKey;
type Mutable = Record<string, unknown>;

/** Withholds one count of a row (a class takes the index and mean score built on the split with it). */
function hideKey(out: Mutable, whole: Whole, k: Key): boolean {
  if (out[k] === null || typeof whole[k] !== 'number') return false;
  out[k] = null;
  out.suppressed = true;
  if (k !== 'total') {
    if ('index' in whole) out.index = NO_INDEX;
    if ('meanScore' in whole) out.meanScore = null;
  }
  return true;
}

/**
 * Within a row: a lone withheld class beside a shown total is the total minus the others, so the
 * next smallest class with posts is withheld too (with none, every class is, zeros included).
 */
function settleRow(out: Mutable, whole: Whole): boolean {
  if (out.total === null) return false;
  const present = CLASS_KEYS.filter((k) => typeof whole[k] === 'number');
  const hidden = present.filter((k) => out[k] === null && whole[k]! > 0);
  if (hidden.length !== 1) return false;
  const next = present.filter((k) => out[k] !== null && whole[k]! > 0).sort((a, b) => whole[a]! - whole[b]!)[0];
  if (next) return hideKey(out, whole, next);
  return present.map((k) => hideKey(out, whole, k)).some(Boolean);
}

/**
 * One row of counts as a viewer gets it: the total withheld when small (unless `totalShown`), each
 * class of 1–9 withheld, and the row settled so no withheld class is the total minus the others.
 */
function row<T extends Whole>(c: T, opts: { totalShown: boolean }): Shown<T> {
  const out: Mutable = { ...c };
  if (!opts.totalShown && isSmall(c.total)) hideKey(out, c, 'total');
  for (const k of CLASS_KEYS) if (typeof c[k] === 'number' && isSmall(c[k]!)) hideKey(out, c, k);
  settleRow(out, c);
  return out as Shown<T>;
}

const splitHidden = (r: Mutable) => CLASS_KEYS.some((k) => k in r && r[k] === null);

/**
 * Complementary suppression over a group of rows adding up, count by count, to a parent row shown
 * beside it: for each count the parent shows, when exactly one member with posts has it withheld,
 * the smallest other member with posts has it withheld too (with none, every member's is, zeros
 * included). Rows are re-settled after each change, until nothing more changes.
 */
function complement<T extends Whole>(
  whole: readonly T[],
  shown: Array<Shown<T>>,
  parent: Mutable | null,
): Array<Shown<T>> {
  if (!parent) return shown;
  const out = shown.map((r) => ({ ...r }) as Mutable);
  const keys: Key[] = ['total', ...CLASS_KEYS];
  for (let changed = true, rounds = 0; changed && rounds < 20; rounds++) {
    changed = false;
    for (const k of keys) {
      if (typeof parent[k] !== 'number') continue;
      const withPosts = whole.map((_, i) => i).filter((i) => typeof whole[i]![k] === 'number' && whole[i]![k]! > 0);
      const hidden = withPosts.filter((i) => out[i]![k] === null);
      if (hidden.length !== 1) continue;
      const others = withPosts.filter((i) => out[i]![k] !== null).sort((a, b) => whole[a]![k]! - whole[b]![k]!);
      if (others.length > 0) changed = hideKey(out[others[0]!]!, whole[others[0]!]!, k) || changed;
      else for (let i = 0; i < out.length; i++) changed = hideKey(out[i]!, whole[i]!, k) || changed;
    }
    for (let i = 0; i < out.length; i++) changed = settleRow(out[i]!, whole[i]!) || changed;
  }
  return out as Array<Shown<T>>;
}

type Classes = OverviewFigures['current'];
type Voice = OverviewFigures['voices'][number];

/** Voices add up to the period's figures: totals to its total, splits to its split. */
function voicesOf(voices: readonly Voice[], parent: { current: Shown<Classes>; before: Shown<Classes> }) {
  const side = (which: 'current' | 'before') => {
    const whole = voices.map((v) => v[which]);
    return complement(
      whole,
      whole.map((c) => row(c, { totalShown: false })),
      parent[which] as Mutable,
    );
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
    current as Mutable,
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
    sources,
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
      { total: current.total },
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
      // The week's own bucket may show any of its counts: treat them all as shown.
      const week: Mutable = { total: 0 };
      for (const b of whole) for (const k of ['total', ...CLASS_KEYS] as const) week[k] = Number(week[k] ?? 0) + b[k];
      const shown = complement(
        whole,
        idx.map((i) => out[i]!),
        week,
      );
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
