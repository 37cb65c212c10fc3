import { z } from 'zod';
import { durationSeconds } from './source-types';

/** Admin views of sources. Configuration secrets are write-only: the API never returns them. */
export const zSourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "nhs-mastodon"');

/** Poll intervals: a second at the least (tests), 30 days at the most (a quieter source would be paused). */
export const MAX_POLL_SECONDS = 30 * 86_400;
export const zDuration = z
  .string()
  .max(16, 'must be a duration like 30s, 5m or 1h')
  .regex(/^\d{1,7}(\.\d{1,3})?\s*(s|m|h|d)$/, 'must be a duration like 30s, 5m or 1h')
  .refine((s) => {
    const seconds = durationSeconds(s);
    return seconds !== null && seconds <= MAX_POLL_SECONDS;
  }, 'must be from 1s to 30d');

/** A source's config: a flat-ish JSON object of at most 16 kB (a query, hashtags, an instance URL…). */
export const MAX_CONFIG_BYTES = 16 * 1024;
const zConfig = z
  .record(z.string().max(64, 'config keys are at most 64 characters'), z.unknown())
  .refine(
    (c) => new TextEncoder().encode(JSON.stringify(c)).length <= MAX_CONFIG_BYTES,
    `must be at most ${MAX_CONFIG_BYTES / 1024} kB`,
  );
const zSecrets = z.record(z.string().max(64), z.string().min(1).max(4096, 'a credential is at most 4096 characters'));

/** Create a dashboard-managed source. `secrets` are encrypted at rest (AES-256-GCM) and never returned. */
export const zSourceCreate = z.object({
  id: zSourceId,
  type: z.string().min(1),
  every: zDuration.default('5m'),
  enabled: z.boolean().default(true),
  config: zConfig.default({}),
  secrets: zSecrets.optional(),
});
export type SourceCreate = z.infer<typeof zSourceCreate>;

/** Edit a dashboard-managed source; omitted fields stay as they are. Secrets given replace the stored ones. */
export const zSourceUpdate = z.object({
  every: zDuration.optional(),
  enabled: z.boolean().optional(),
  config: zConfig.optional(),
  secrets: zSecrets.optional(),
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
  /** Reads left this month (X's monthly read budget) or quota units left today (YouTube); null otherwise. */
  budgetLeft: z.number().int().nullable(),
  /** When the source's token stops working, as the platform reported it (Facebook); null: unknown or never. */
  credentialExpiresAt: z.string().nullable(),
  /**
   * The latest span this source knows it missed in the last 7 days (a stream back after an outage
   * longer than its replay), with the reason; null when none. Those hours count as a coverage gap.
   */
  lastGap: z.object({ from: z.string(), to: z.string(), reason: z.string() }).nullable(),
  /** In plain words (source-health-words.ts): what is happening, and what to do next (null: nothing). */
  summary: z.string(),
  nextAction: z.string().nullable(),
  tone: z.enum(['good', 'warn', 'bad', 'idle']),
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
