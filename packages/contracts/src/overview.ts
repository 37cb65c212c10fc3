import { z } from 'zod';
import { zFilterFields, zIsoDate, zPostView } from './api';

const zSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "staffing"');
// The same real-calendar date as every other route (it once checked only the pattern: 2025-02-30 gave a 500).
const zDate = zIsoDate;

export const zOverviewQuery = z.object({ from: zDate, to: zDate, topic: zSlug.optional(), ...zFilterFields });
export type OverviewQuery = z.infer<typeof zOverviewQuery>;

/**
 * Sentiment index = 100 × (positive − negative) / scored, with a 95% interval from the normal
 * approximation (variance (p₊ + p₋ − (p₊ − p₋)²) / n). Under 30 scored posts it is not shown.
 */
export const zSentimentIndex = z.object({
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  scored: z.number().int(),
  enough: z.boolean(),
});
export type SentimentIndex = z.infer<typeof zSentimentIndex>;

const zClasses = z.object({
  total: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  unscored: z.number().int(),
});

export const zOverviewResponse = z.object({
  period: z.object({ from: zDate, to: zDate }),
  previous: z.object({ from: zDate, to: zDate }),
  current: zClasses.extend({ index: zSentimentIndex }),
  before: zClasses.extend({ index: zSentimentIndex }),
  /** Index points, current minus previous; null unless both periods have enough posts. */
  indexChange: z.number().nullable(),
  volumeChange: z.number().nullable(),
  topics: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      total: z.number().int(),
      negativeShare: z.number().nullable(),
      previousNegativeShare: z.number().nullable(),
      /** Change in negative share (percentage points); null when either period has no scored posts. */
      negativeShareChange: z.number().nullable(),
    }),
  ),
  sources: z.array(zClasses.extend({ id: z.string() })),
  /**
   * The same figures per voice: staff mood is the headline, the public's beside it, never summed.
   * Every voice is listed (zeros when silent) in the order staff, org, public.
   */
  voices: z.array(
    z.object({
      voice: z.enum(['staff', 'org', 'public']),
      current: zClasses.extend({ index: zSentimentIndex }),
      before: zClasses.extend({ index: zSentimentIndex }),
      indexChange: z.number().nullable(),
    }),
  ),
  /** Languages in the period with their volume (the language filter's choices). */
  languages: z.array(z.object({ lang: z.string(), total: z.number().int() })),
});
export type OverviewResponse = z.infer<typeof zOverviewResponse>;

export const zMoversQuery = z.object({ from: zDate, to: zDate, topic: zSlug.optional(), ...zFilterFields }).extend({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type MoversQuery = z.infer<typeof zMoversQuery>;
/** The posts that moved the numbers most: highest reach × negativity, each with a link to its original. */
export const zMoversResponse = z.object({ posts: z.array(zPostView) });
export type MoversResponse = z.infer<typeof zMoversResponse>;
