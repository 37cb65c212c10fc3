import { z } from 'zod';
import { zCount, zFilterFields, zIsoDate, zPostView, zSuppressed, zTopicList } from './api';

const zSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "staffing"');
// The same real-calendar date as every other route (it once checked only the pattern: 2025-02-30 gave a 500).
const zDate = zIsoDate;

/** One topic filters every figure; several give one block per topic in `perTopic` (never their union). */
export const zOverviewQuery = z.object({ from: zDate, to: zDate, topic: zTopicList.optional(), ...zFilterFields });
export type OverviewQuery = z.infer<typeof zOverviewQuery>;

/** "up"/"down" only when the two 95% intervals do not overlap; null when there is no change to judge. */
export const zIndexDirection = z.enum(['up', 'down', 'no_clear_change']).nullable();
export type IndexDirectionValue = z.infer<typeof zIndexDirection>;

/**
 * Whether this period may be compared with the previous one: both over, and every source in the
 * view covering every day of both. `reason` says why not, in plain words. Every change in the
 * answer (volume, index, per voice, per topic) is null whenever `comparable` is false.
 */
export const zComparison = z.object({
  comparable: z.boolean(),
  reason: z.string().nullable(),
  /** The period includes today, which is not over yet. */
  partial: z.boolean(),
});
export type Comparison = z.infer<typeof zComparison>;

/** Per source in the view: whole days of data in this period and in the previous one. */
export const zSourceCoverage = z.object({
  id: z.string(),
  name: z.string(),
  days: z.number().int(),
  daysCovered: z.number().int(),
  previousDays: z.number().int(),
  previousDaysCovered: z.number().int(),
  failedPolls: z.number().int(),
  /**
   * Spans the source knows it missed in either period (a stream back after an outage longer than
   * its replay), with the reason; their hours are already counted as not covered above.
   */
  missed: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string() })).default([]),
});
export type SourceCoverage = z.infer<typeof zSourceCoverage>;

/**
 * The overview's schemas for one kind of count: whole numbers for the figures computed (and the
 * weekly report), or `zCount` (null for a viewer's withheld small counts) for the answer.
 */
function overviewSchemas<C extends z.ZodTypeAny>(count: C) {
  /**
   * Sentiment index = 100 × (positive − negative) / scored, with a 95% interval from the normal
   * approximation (variance (p₊ + p₋ − (p₊ − p₋)²) / n). Under 30 scored posts it is not shown.
   */
  const index = z.object({
    value: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    scored: count,
    enough: z.boolean(),
  });

  const classes = z.object({
    total: count,
    positive: count,
    neutral: count,
    negative: count,
    unscored: count,
    suppressed: zSuppressed,
  });

  const voiceFigures = z.object({
    voice: z.enum(['staff', 'org', 'public']),
    current: classes.extend({ index }),
    before: classes.extend({ index }),
    indexChange: z.number().nullable(),
    indexDirection: zIndexDirection,
  });

  const response = z.object({
    period: z.object({ from: zDate, to: zDate }),
    previous: z.object({ from: zDate, to: zDate }),
    comparison: zComparison,
    coverage: z.array(zSourceCoverage),
    current: classes.extend({ index }),
    before: classes.extend({ index }),
    /** Why there is no index at all (the view shows one sentiment only), or null. */
    indexNote: z.string().nullable(),
    /** Index points, current minus previous; null unless comparable and both periods have enough posts. */
    indexChange: z.number().nullable(),
    indexDirection: zIndexDirection,
    /** Relative change in volume (0.1 = 10% more); null unless comparable. */
    volumeChange: z.number().nullable(),
    topics: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        total: count,
        /** Negative posts in the period and in the previous one: the numerators of the two shares. */
        negative: count,
        previousNegative: count,
        negativeShare: z.number().nullable(),
        previousNegativeShare: z.number().nullable(),
        /** Change in negative share (percentage points); null when either period has no scored posts. */
        negativeShareChange: z.number().nullable(),
        suppressed: zSuppressed,
      }),
    ),
    sources: z.array(classes.extend({ id: z.string() })),
    /**
     * The same figures per voice: staff mood is the headline, the public's beside it, never summed.
     * Every voice is listed (zeros when silent) in the order staff, org, public.
     */
    voices: z.array(voiceFigures),
    /** With several `topic` values: the figures of each chosen topic (a post about two is in both), in the order given. */
    perTopic: z
      .array(
        z.object({
          topic: z.string(),
          name: z.string(),
          current: classes.extend({ index }),
          before: classes.extend({ index }),
          indexChange: z.number().nullable(),
          indexDirection: zIndexDirection,
          volumeChange: z.number().nullable(),
          /** The topic's figures per voice, as `voices` above: staff mood is never mixed with the public's. */
          voices: z.array(voiceFigures),
        }),
      )
      .optional(),
    /** Languages in the period with their volume (the language filter's choices). */
    languages: z.array(z.object({ lang: z.string(), total: count, suppressed: zSuppressed })),
  });

  return { index, response };
}

const whole = overviewSchemas(z.number().int());
export const zSentimentIndex = whole.index;
export type SentimentIndex = z.infer<typeof zSentimentIndex>;
/** The overview as computed: every count whole. */
export const zOverviewFigures = whole.response;
export type OverviewFigures = z.infer<typeof zOverviewFigures>;
/** The overview as answered: a viewer's small counts withheld (see `zCount`). */
export const zOverviewResponse = overviewSchemas(zCount).response;
export type OverviewResponse = z.infer<typeof zOverviewResponse>;

export const zMoversQuery = z.object({ from: zDate, to: zDate, topic: zSlug.optional(), ...zFilterFields }).extend({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type MoversQuery = z.infer<typeof zMoversQuery>;
/** The posts that moved the numbers most: highest reach × negativity, each with a link to its original. */
export const zMoversResponse = z.object({
  /** `similar`: near-identical posts folded into this one (repeats, retweets of it). */
  posts: z.array(zPostView.extend({ similar: z.number().int().min(0) })),
});
export type MoversResponse = z.infer<typeof zMoversResponse>;
