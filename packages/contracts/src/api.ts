import { z } from 'zod';
import { zRetention } from './retention';

/** ISO calendar date. Ranges are `from` inclusive, `to` exclusive, in Europe/London. */
/** Years the product has data for or can sensibly be asked about: anything else is a typo or a probe. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2100;

export const zIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-01-31')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real calendar date',
  )
  .refine((s) => {
    const year = Number(s.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be a year from ${MIN_YEAR} to ${MAX_YEAR}`);

export const zSentimentLabel = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof zSentimentLabel>;

/** A rollup class: the three labels plus posts in languages the model does not score. */
export const zSentimentClass = z.enum(['positive', 'neutral', 'negative', 'unscored']);
export type SentimentClass = z.infer<typeof zSentimentClass>;

export const zBucket = z.enum(['day', 'week']);
export type Bucket = z.infer<typeof zBucket>;

const zRange = z.object({ from: zIsoDate, to: zIsoDate });

const zSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "staffing"');

/** The voices a post can speak in; mirrors `zVoice` in post.ts (kept here so the web needs only this file). */
export const zVoiceFilter = z.enum(['staff', 'org', 'public']);
export type VoiceFilter = z.infer<typeof zVoiceFilter>;

/** ISO 639 language code as the NLP stores it; 'und' = could not be identified. */
export const zLangFilter = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as "en" or "cy"');

/** "About us" (a watch-list term named): `true` only those posts, `false` only the others. */
export const zAboutUs = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

/** Up to five topics, comma-separated: several topics are several series, never one sum. */
export const MAX_TOPICS = 5;
export const zTopicList = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(zSlug).min(1).max(MAX_TOPICS, `at most ${MAX_TOPICS} topics at once`));

/** The filters every dashboard endpoint takes besides the range (and, per endpoint, topic). */
export const zFilterFields = {
  source: zSlug.optional(),
  sentiment: zSentimentClass.optional(),
  lang: zLangFilter.optional(),
  voice: zVoiceFilter.optional(),
  aboutUs: zAboutUs.optional(),
};

export const zTrendsQuery = zRange.extend({
  bucket: zBucket.default('day'),
  topic: zTopicList.optional(),
  ...zFilterFields,
});
export type TrendsQuery = z.infer<typeof zTrendsQuery>;

/**
 * A post count as the viewer role gets it: 1 to 9 in a breakdown finer than topic × week is null
 * (shown as "<10"), and the object holding it says `suppressed: true`. Analysts and admins get every
 * count. See README "No singling out".
 */
export const zCount = z.number().int().nullable();
/** Present (true) on an object where a viewer's small counts were withheld. */
export const zSuppressed = z.boolean().optional();

const trendBucket = <C extends z.ZodTypeAny>(count: C) =>
  z.object({
    start: zIsoDate,
    total: count,
    positive: count,
    neutral: count,
    negative: count,
    unscored: count,
    meanScore: z.number().nullable(),
    suppressed: zSuppressed,
  });
const trendsResponse = <B extends z.ZodTypeAny>(bucket: B) =>
  z.object({
    /** All chosen posts (each once): the only series without `topic`, the first topic's with one topic. */
    buckets: z.array(bucket),
    /** One series per topic when several topics are chosen. */
    series: z.array(z.object({ topic: z.string(), name: z.string(), buckets: z.array(bucket) })),
  });
/** A bucket as answered: a viewer's small counts withheld (see `zCount`). */
export const zTrendBucket = trendBucket(zCount);
export type TrendBucket = z.infer<typeof zTrendBucket>;
export const zTrendsResponse = trendsResponse(zTrendBucket);
export type TrendsResponse = z.infer<typeof zTrendsResponse>;
/** The same, as computed (every count whole). */
export const zTrendBucketFigures = trendBucket(z.number().int());
export type TrendBucketFigures = z.infer<typeof zTrendBucketFigures>;
export const zTrendsFigures = trendsResponse(zTrendBucketFigures);
export type TrendsFigures = z.infer<typeof zTrendsFigures>;

export const zTopicsQuery = zRange.extend({ ...zFilterFields });
export type TopicsQuery = z.infer<typeof zTopicsQuery>;
const topicSummary = <C extends z.ZodTypeAny>(count: C) =>
  z.object({
    id: z.string(),
    name: z.string(),
    total: count,
    positive: count,
    neutral: count,
    negative: count,
    meanScore: z.number().nullable(),
    suppressed: zSuppressed,
  });
export const zTopicSummary = topicSummary(zCount);
export type TopicSummary = z.infer<typeof zTopicSummary>;
export const zTopicsResponse = z.object({ topics: z.array(zTopicSummary) });
export type TopicsResponse = z.infer<typeof zTopicsResponse>;
/** The same, as computed (every count whole). */
export const zTopicsFigures = z.object({ topics: z.array(topicSummary(z.number().int())) });
export type TopicsFigures = z.infer<typeof zTopicsFigures>;

export const zPostsQuery = zRange.extend({
  /** Several topics: posts carrying any of them, each listed once. */
  topic: zTopicList.optional(),
  ...zFilterFields,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type PostsQuery = z.infer<typeof zPostsQuery>;

/** Where a tag came from in the stored text: `text.slice(start, end)` is the evidence. */
export const zEvidence = z.object({
  term: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  weight: z.number().optional(),
});
export type Evidence = z.infer<typeof zEvidence>;

export const zPostMetrics = z.object({
  reposts: z.number().int().optional(),
  likes: z.number().int().optional(),
  replies: z.number().int().optional(),
});
export type PostMetrics = z.infer<typeof zPostMetrics>;

export const zPostView = z.object({
  id: z.string(),
  platform: z.string(),
  sourceId: z.string(),
  url: z.string().nullable(),
  publishedAt: z.string(),
  text: z.string().nullable(),
  lang: z.string().nullable(),
  synthetic: z.boolean(),
  voice: zVoiceFilter,
  aboutUs: z.boolean(),
  /** Reach × negativity: (1 + reposts + likes + replies) × −score for negative posts, else 0. */
  impact: z.number(),
  sentiment: z.object({ label: zSentimentClass, score: z.number().nullable(), evidence: z.array(zEvidence) }),
  topics: z.array(z.object({ id: z.string(), score: z.number(), evidence: z.array(zEvidence) })),
  metrics: zPostMetrics,
  /**
   * An analyst's label, when one stands: the sentiment and topics above are then the label's (every
   * figure uses them) and `model` says what the model had tagged.
   */
  label: z
    .object({
      labelledAt: z.string(),
      model: z.object({ sentiment: zSentimentClass, topics: z.array(z.string()) }),
    })
    .nullable()
    .optional(),
});
export type PostView = z.infer<typeof zPostView>;

/** An analyst's label for a post: the sentiment it has and every topic it is about (none: `[]`). */
export const zLabelInput = z.object({
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  topics: z.array(z.string().min(1).max(64)).max(20),
});
export type LabelInput = z.infer<typeof zLabelInput>;
export const zPostIdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a post id is a number') });
export const zLabelResponse = z.object({ post: zPostView });

/** "Label a sample": the ids the analyst passed over this session are not served again. */
export const zSampleQuery = z.object({
  skip: z
    .string()
    .regex(/^([1-9][0-9]{0,17})(,[1-9][0-9]{0,17}){0,499}$/, 'must be post ids separated by commas')
    .optional(),
});
export const zSampleResponse = z.object({
  /** The next post to label, or null when every scored post with text is labelled (or skipped). */
  post: zPostView.nullable(),
  /** Why this one: the model's confidence and the voice × topic group it stands for. */
  why: z.string().nullable(),
  stats: z.object({
    teamLabels: z.number().int(),
    myLabels: z.number().int(),
    unlabelled: z.number().int(),
  }),
});
export type SampleResponse = z.infer<typeof zSampleResponse>;

/** A labelled post for a second analyst to read blind: its text only, not its tags. */
export const zReviewSampleResponse = z.object({
  post: z
    .object({ id: z.string(), text: z.string(), publishedAt: z.string(), platform: z.string(), synthetic: z.boolean() })
    .nullable(),
  stats: z.object({ toReview: z.number().int(), disagreements: z.number().int() }),
});
export type ReviewSampleResponse = z.infer<typeof zReviewSampleResponse>;
export const zReviewResponse = z.object({
  agrees: z.boolean(),
  /** The label it was compared with, shown once the review is in. */
  label: z.object({ sentiment: zSentimentClass, topics: z.array(z.string()) }),
});
export const zDisagreementsResponse = z.object({
  items: z.array(
    z.object({
      post: zPostView,
      review: z.object({ sentiment: zSentimentClass, topics: z.array(z.string()), reviewedAt: z.string() }),
    }),
  ),
});
export type DisagreementsResponse = z.infer<typeof zDisagreementsResponse>;
export type LabelResponse = z.infer<typeof zLabelResponse>;
export const zPostsResponse = z.object({
  posts: z.array(zPostView),
  nextCursor: z.string().nullable(),
  /** Posts published before `retention.textKeptFrom` are figures only: text, link and author removed. */
  retention: zRetention,
});
export type PostsResponse = z.infer<typeof zPostsResponse>;

export const zSourceView = z.object({
  id: z.string(),
  type: z.string(),
  enabled: z.boolean(),
  synthetic: z.boolean(),
  state: z.string(),
  lastError: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
});
export type SourceView = z.infer<typeof zSourceView>;
export const zSourcesResponse = z.object({ sources: z.array(zSourceView) });
export type SourcesResponse = z.infer<typeof zSourcesResponse>;

export const zHealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ postgres: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']) }),
});
export type HealthResponse = z.infer<typeof zHealthResponse>;

export const zErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorResponse = z.infer<typeof zErrorResponse>;
