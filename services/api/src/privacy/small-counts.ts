import type { TopicsFigures, TopicsResponse, TrendsFigures, TrendsResponse } from '@lp/contracts/api';
import type { OverviewFigures, OverviewResponse } from '@lp/contracts/overview';
import type { Role } from '@lp/contracts/auth';

/**
 * No singling out (README "No singling out"). A viewer reads figures, not posts; a figure of 1 to 9
 * posts in a breakdown finer than topic × week could still point at one member of staff (the only
 * night-shift porter who posted, the one Welsh speaker on a ward). So for the viewer role every
 * such count is answered as null, the object holding it says `suppressed: true`, and figures
 * that would give it back (a mean score, a share, a change in volume) are withheld with it.
 *
 * Topic × week is the coarsest grain: a topic's (or everything's) total over a week or longer,
 * with no filter but the topic, is shown whatever its size. Everything else is finer: a sentiment
 * class, a day, a source, a voice, a language, an "about us" or sentiment filter.
 */
export const SMALL_COUNT_MAX = 9;

const isSmall = (n: number) => n >= 1 && n <= SMALL_COUNT_MAX;

/** Whether a caller gets small counts withheld. */
export const withholdsSmallCounts = (role: Role | undefined): boolean => role === 'viewer';

/** A range of at least a week (`to` exclusive), filtered by nothing but topic: totals may be shown. */
export function topicByWeekOrCoarser(
  q: {
    from: string;
    to: string;
    source?: string;
    sentiment?: string;
    lang?: string;
    voice?: string;
    aboutUs?: unknown;
  },
  minDays = 7,
): boolean {
  const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
  return days >= minDays && !q.source && !q.sentiment && !q.lang && !q.voice && q.aboutUs === undefined;
}

interface Hidden {
  suppressed?: boolean;
}

/** Withholds each named count of 1–9 in `o` (a copy); marks it when any was. */
function withhold<T extends object, K extends keyof T>(o: T, keys: readonly K[]): T & Hidden {
  const out: T & Hidden = { ...o };
  let hid = false;
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && isSmall(v)) {
      (out as Record<K, unknown>)[k] = null;
      hid = true;
    }
  }
  if (hid) out.suppressed = true;
  return out;
}

type Classes = { total: number; positive: number; neutral: number; negative: number; unscored: number };
type ClassesWithIndex = Classes & { index: { scored: number } };

const CLASS_KEYS = ['positive', 'neutral', 'negative', 'unscored'] as const;

function classes<T extends ClassesWithIndex>(c: T, totalShown: boolean) {
  const out = withhold(c, totalShown ? CLASS_KEYS : (['total', ...CLASS_KEYS] as const));
  const index = withhold(c.index, ['scored'] as const);
  if (index.suppressed) out.suppressed = true;
  return { ...out, index };
}

/** A viewer's overview: see the module comment. */
export function overviewForViewer(o: OverviewFigures, coarse: boolean): OverviewResponse {
  const current = classes(o.current, coarse);
  const before = classes(o.before, coarse);
  const volumeHidden = current.total === null || before.total === null;
  const voice = (v: OverviewFigures['voices'][number]) => ({
    ...v,
    current: classes(v.current, false),
    before: classes(v.before, false),
  });
  return {
    ...o,
    current,
    before,
    volumeChange: volumeHidden ? null : o.volumeChange,
    topics: o.topics.map((t) => {
      // A topic's total over the period is topic × week when the period is; its negative share is finer.
      // The shares' numerators are topic × sentiment: finer, so a share of 1–9 negative posts goes with them.
      const shown = withhold(
        t,
        coarse ? (['negative', 'previousNegative'] as const) : (['total', 'negative', 'previousNegative'] as const),
      );
      return {
        ...shown,
        negativeShare: shown.total === null || shown.negative === null ? null : t.negativeShare,
        previousNegativeShare: shown.previousNegative === null ? null : t.previousNegativeShare,
        negativeShareChange:
          shown.total === null || shown.negative === null || shown.previousNegative === null
            ? null
            : t.negativeShareChange,
      };
    }),
    sources: o.sources.map((s) => withhold(s, ['total', ...CLASS_KEYS] as const)),
    voices: o.voices.map(voice),
    perTopic: o.perTopic?.map((p) => {
      const pc = classes(p.current, coarse);
      const pb = classes(p.before, coarse);
      return {
        ...p,
        current: pc,
        before: pb,
        volumeChange: pc.total === null || pb.total === null ? null : p.volumeChange,
        voices: p.voices.map(voice),
      };
    }),
    languages: o.languages.map((l) => withhold(l, ['total'] as const)),
  };
}

/** A viewer's trends: a whole week's total is topic × week (unless filtered); the rest is finer. */
export function trendsForViewer(t: TrendsFigures, totalShown: (bucketStart: string) => boolean): TrendsResponse {
  const bucket = (b: TrendsFigures['buckets'][number]) => {
    const out = withhold(b, totalShown(b.start) ? CLASS_KEYS : (['total', ...CLASS_KEYS] as const));
    const scored = b.positive + b.neutral + b.negative;
    // The mean score of a handful of posts is nearly their scores.
    return isSmall(scored) ? { ...out, meanScore: null, suppressed: true } : out;
  };
  return {
    buckets: t.buckets.map(bucket),
    series: t.series.map((s) => ({ ...s, buckets: s.buckets.map(bucket) })),
  };
}

/** A viewer's topic table: totals over a week or longer are topic × week; the sentiment split is finer. */
export function topicsForViewer(t: TopicsFigures, totalShown: boolean): TopicsResponse {
  return {
    topics: t.topics.map((row) => {
      const out = withhold(
        row,
        totalShown
          ? (['positive', 'neutral', 'negative'] as const)
          : (['total', 'positive', 'neutral', 'negative'] as const),
      );
      const scored = row.positive + row.neutral + row.negative;
      return isSmall(scored) ? { ...out, meanScore: null, suppressed: true } : out;
    }),
  };
}
