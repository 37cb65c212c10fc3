import { z } from 'zod';
import { zPostMetrics } from './api';

/**
 * What a connector's transform makes of one platform item, before tagging. The author is
 * already a keyed pseudonym here: raw handles never leave the connector.
 */
export const zPostDraft = z.object({
  platform: z.string().min(1),
  externalId: z.string().min(1).max(512),
  url: z.string().url().nullable(),
  publishedAt: z.string().datetime({ offset: true }),
  text: z.string(),
  lang: z.string().min(2).max(8).nullable(),
  authorPseudonym: z.string().nullable(),
  metrics: zPostMetrics,
  synthetic: z.boolean().default(false),
});
export type PostDraft = z.infer<typeof zPostDraft>;
