import { z } from 'zod';
import { zFilterFields, zIsoDate, zLangFilter, zSentimentClass, zTopicList, zVoiceFilter } from './api';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
export const zExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof zExportFormat>;
export const zExportKind = z.enum(['posts', 'topics']);
export type ExportKind = z.infer<typeof zExportKind>;
export const zExportBucket = z.enum(['day', 'week', 'month']);
export type ExportBucket = z.infer<typeof zExportBucket>;

/** Above this many rows a posts export runs as a background job (`POST /api/v1/exports`). */
export const STREAM_ROW_LIMIT = 100_000;

const zSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "staffing"');

export const zPostsExportQuery = z.object({
  from: zIsoDate,
  to: zIsoDate,
  format: zExportFormat.default('csv'),
  topic: zTopicList.optional(),
  ...zFilterFields,
});
export type PostsExportQuery = z.infer<typeof zPostsExportQuery>;

export const zTopicsExportQuery = zPostsExportQuery.extend({ bucket: zExportBucket.default('week') });
export type TopicsExportQuery = z.infer<typeof zTopicsExportQuery>;

/** The dashboard's filters as JSON, for a background export. */
export const zExportFilters = z
  .object({
    topic: z.union([zSlug, z.array(zSlug).min(1).max(10)]).optional(),
    source: zSlug.optional(),
    sentiment: zSentimentClass.optional(),
    lang: zLangFilter.optional(),
    voice: zVoiceFilter.optional(),
    aboutUs: z.boolean().optional(),
  })
  .strict();
export type ExportFilters = z.infer<typeof zExportFilters>;

export const zExportRequest = z.object({
  kind: zExportKind,
  format: zExportFormat,
  from: zIsoDate,
  to: zIsoDate,
  /** Topic breakdowns only: day, week (default) or month. */
  bucket: zExportBucket.optional(),
  filters: zExportFilters.default({}),
});
export type ExportRequest = z.input<typeof zExportRequest>;

export const zExportState = z.enum(['queued', 'running', 'done', 'failed', 'expired']);
export type ExportState = z.infer<typeof zExportState>;

/** A background export as the job route answers it. `url` is set once it is done, until `expiresAt`. */
export const zExportJob = z.object({
  id: z.string(),
  kind: zExportKind,
  format: zExportFormat,
  state: zExportState,
  /** 0 to 1. */
  progress: z.number(),
  rows: z.number().int(),
  totalRows: z.number().int().nullable(),
  url: z.string().nullable(),
  expiresAt: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type ExportJob = z.infer<typeof zExportJob>;
export const zExportJobResponse = z.object({ job: zExportJob });
export const zExportIdParams = z.object({ id: z.string().uuid('must be an export id') });

/** One line of the export history: streamed downloads and background jobs alike. */
export const zExportHistoryEntry = z.object({
  id: z.string(),
  kind: zExportKind,
  format: zExportFormat,
  /** 'streamed' for a direct download; a job's state otherwise. */
  state: z.union([zExportState, z.literal('streamed')]),
  from: z.string(),
  to: z.string(),
  filters: z.record(z.string(), z.unknown()),
  rows: z.number().int(),
  createdAt: z.string(),
  url: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export const zExportHistory = z.object({
  exports: z.array(zExportHistoryEntry),
  /** Posts a direct download may hold; more is a background job. */
  streamRowLimit: z.number().int(),
});
export type ExportHistory = z.infer<typeof zExportHistory>;

/** What each column holds, for the analyst's own tools (also the XLSX's second sheet). */
export const zDataDictionary = z.object({
  kind: zExportKind,
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.enum(['text', 'number', 'integer', 'boolean', 'timestamp', 'date', 'json']),
      unit: z.string().nullable(),
      description: z.string(),
    }),
  ),
  notes: z.array(z.string()),
  modelVersion: z.string().nullable(),
});
export type DataDictionary = z.infer<typeof zDataDictionary>;
export const zDictionaryQuery = z.object({ kind: zExportKind.default('posts') });
