import { z } from 'zod';

/** Queue payloads carry ids only: no post text, no handles (data protection, and Redis may be lost). */
export const zPollSourcePayload = z.object({ sourceId: z.string().min(1) });
export type PollSourcePayload = z.infer<typeof zPollSourcePayload>;

export const zTagPostsPayload = z.object({ rawItemIds: z.array(z.number().int().positive()).min(1).max(1000) });
export type TagPostsPayload = z.infer<typeof zTagPostsPayload>;

/** "Fetch one page now" from the dashboard: the worker returns what would be stored and stores nothing. */
export const zTestSourcePayload = z.object({
  sourceId: z.string().min(1),
  /** Fetch the first page as a new source would (the check after saving), not from the stored cursor. */
  fromStart: z.boolean().optional(),
});
export type TestSourcePayload = z.infer<typeof zTestSourcePayload>;

/** A file uploaded from the dashboard (its bytes wait in Postgres, not in Redis). */
export const zImportFilePayload = z.object({ importId: z.number().int().positive() });
export type ImportFilePayload = z.infer<typeof zImportFilePayload>;

/**
 * A source was added, edited, paused, resumed or deleted in the dashboard: ingest, which owns the
 * poll schedules, re-reads it from Postgres and schedules or unschedules it.
 */
export const zSourceChangedPayload = z.object({ sourceId: z.string().min(1) });
export type SourceChangedPayload = z.infer<typeof zSourceChangedPayload>;
