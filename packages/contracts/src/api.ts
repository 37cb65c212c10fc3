import { z } from 'zod';

/** ISO calendar date. Ranges are `from` inclusive, `to` exclusive, in Europe/London. */
export const zIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-01-31')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real calendar date',
  );

export const zSentimentLabel = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof zSentimentLabel>;

/** A rollup class: the three labels plus posts in languages the model does not score. */
export const zSentimentClass = z.enum(['positive', 'neutral', 'negative', 'unscored']);
export type SentimentClass = z.infer<typeof zSentimentClass>;

export const zBucket = z.enum(['day', 'week']);
export type Bucket = z.infer<typeof zBucket>;

const zRange = z.object({ from: zIsoDate, to: zIsoDate });

const zSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "staffing"');

export const zTrendsQuery = zRange.extend({
  bucket: zBucket.default('day'),
  topic: zSlug.optional(),
  source: zSlug.optional(),
});
export type TrendsQuery = z.infer<typeof zTrendsQuery>;

export const zTrendBucket = z.object({
  start: zIsoDate,
  total: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  unscored: z.number().int(),
  meanScore: z.number().nullable(),
});
export type TrendBucket = z.infer<typeof zTrendBucket>;
export const zTrendsResponse = z.object({ buckets: z.array(zTrendBucket) });
export type TrendsResponse = z.infer<typeof zTrendsResponse>;

export const zTopicsQuery = zRange.extend({ source: zSlug.optional() });
export type TopicsQuery = z.infer<typeof zTopicsQuery>;
export const zTopicSummary = z.object({
  id: z.string(),
  name: z.string(),
  total: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  meanScore: z.number().nullable(),
});
export type TopicSummary = z.infer<typeof zTopicSummary>;
export const zTopicsResponse = z.object({ topics: z.array(zTopicSummary) });
export type TopicsResponse = z.infer<typeof zTopicsResponse>;

export const zPostsQuery = zRange.extend({
  topic: zSlug.optional(),
  sentiment: zSentimentClass.optional(),
  source: zSlug.optional(),
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
  sentiment: z.object({ label: zSentimentClass, score: z.number().nullable(), evidence: z.array(zEvidence) }),
  topics: z.array(z.object({ id: z.string(), score: z.number(), evidence: z.array(zEvidence) })),
  metrics: zPostMetrics,
});
export type PostView = z.infer<typeof zPostView>;
export const zPostsResponse = z.object({ posts: z.array(zPostView), nextCursor: z.string().nullable() });
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
