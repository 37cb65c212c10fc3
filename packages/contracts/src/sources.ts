import { z } from 'zod';

/** Admin views of sources. Configuration secrets are write-only: the API never returns them. */
export const zSourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "nhs-mastodon"');

export const zDuration = z.string().regex(/^\d+(\.\d+)?\s*(s|m|h|d)$/, 'must be a duration like 30s, 5m or 1h');

/** Create a dashboard-managed source. `secrets` are encrypted at rest (AES-256-GCM) and never returned. */
export const zSourceCreate = z.object({
  id: zSourceId,
  type: z.string().min(1),
  every: zDuration.default('5m'),
  enabled: z.boolean().default(true),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string().min(1)).optional(),
});
export type SourceCreate = z.infer<typeof zSourceCreate>;

/** Edit a dashboard-managed source; omitted fields stay as they are. Secrets given replace the stored ones. */
export const zSourceUpdate = z.object({
  every: zDuration.optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.string().min(1)).optional(),
});
export type SourceUpdate = z.infer<typeof zSourceUpdate>;

export const zSourceDetail = z.object({
  id: z.string(),
  type: z.string(),
  managedBy: z.enum(['file', 'dashboard']),
  enabled: z.boolean(),
  synthetic: z.boolean(),
  every: z.string(),
  /** Config without credentials; `secretFields` names the credentials that are set. */
  config: z.record(z.string(), z.unknown()),
  secretFields: z.array(z.string()),
  state: z.string(),
  lastError: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  notBefore: z.string().nullable(),
});
export type SourceDetail = z.infer<typeof zSourceDetail>;

/** One row of the source health table. */
export const zSourceHealth = z.object({
  id: z.string(),
  type: z.string(),
  managedBy: z.enum(['file', 'dashboard']),
  enabled: z.boolean(),
  state: z.string(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  postsLastHour: z.number().int(),
  postsLastDay: z.number().int(),
  itemsWaiting: z.number().int(),
  /** Reads left this month for sources with a monthly read budget; null otherwise. */
  budgetLeft: z.number().int().nullable(),
});
export type SourceHealth = z.infer<typeof zSourceHealth>;
export const zSourceHealthResponse = z.object({ sources: z.array(zSourceHealth) });
export type SourceHealthResponse = z.infer<typeof zSourceHealthResponse>;

/** "Fetch one page now": what would be stored; nothing is stored. Text is redacted. */
export const zSourceTestResult = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  items: z.array(
    z.object({ externalId: z.string(), publishedAt: z.string(), text: z.string(), url: z.string().nullable() }),
  ),
  quarantined: z.array(z.object({ externalId: z.string().nullable(), reason: z.string() })),
  deletions: z.number().int(),
});
export type SourceTestResult = z.infer<typeof zSourceTestResult>;
