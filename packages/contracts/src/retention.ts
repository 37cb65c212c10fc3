import { z } from 'zod';

/** How long a post's text, link and author pseudonym are kept (README "Retention"); figures are kept for good. */
export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_RETENTION_DAYS = 3650;

/**
 * What post lists say about retention: posts published before `textKeptFrom` are aggregate-only
 * (their text, link and author are gone; their time, tags and counts remain in every figure).
 */
export const zRetention = z.object({
  days: z.number().int().positive(),
  textKeptFrom: z.string(),
});
export type Retention = z.infer<typeof zRetention>;

/** The oldest publication time whose text is still kept, `days` before `now`. */
export function retentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
