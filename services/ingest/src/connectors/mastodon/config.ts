import { backfillFields } from '../backfill/backfill';
import { z } from 'zod';

export const zMastodonConfig = z.object({
  ...backfillFields,
  instance: z.string().url(),
  hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'a hashtag without #')).min(1),
  /** Mastodon's maximum page size for timelines is 40. */
  limit: z.number().int().min(1).max(40).default(40),
});
export type MastodonConfig = z.infer<typeof zMastodonConfig>;
