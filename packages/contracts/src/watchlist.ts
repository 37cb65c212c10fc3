import { z } from 'zod';

/**
 * One NHS organisation's watch list: what "about us" means. It seeds each source's query (when the
 * source sets none) and marks posts that mention the organisation, with the matched term.
 */
export const zWatchlist = z
  .object({
    names: z.array(z.string().min(2)).default([]),
    sites: z.array(z.string().min(2)).default([]),
    wards: z.array(z.string().min(2)).default([]),
    services: z.array(z.string().min(2)).default([]),
    hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'a hashtag without #')).default([]),
    accounts: z.array(z.string().regex(/^@?[\w.@-]+$/, 'an account handle')).default([]),
  })
  .strict();
export type Watchlist = z.infer<typeof zWatchlist>;

export const EMPTY_WATCHLIST: Watchlist = { names: [], sites: [], wards: [], services: [], hashtags: [], accounts: [] };

/** Recomputing "about us" for stored posts after an edit, with its progress. */
export const zAboutUsRun = z.object({
  id: z.number().int(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  /** Posts that became, or stopped being, about us. */
  changed: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** GET/PUT /api/v1/watchlist: the six lists, plus the latest recompute of history. */
export const zWatchlistResponse = zWatchlist.safeExtend({ recompute: zAboutUsRun.nullable() });
export type WatchlistResponse = z.infer<typeof zWatchlistResponse>;

export const zWatchlistPreview = z.object({
  /** Recent posts read (the newest, up to `scanned`). */
  scanned: z.number().int(),
  matched: z.number().int(),
  posts: z.array(z.object({ id: z.string(), publishedAt: z.string(), text: z.string(), term: z.string() })),
});
export type WatchlistPreview = z.infer<typeof zWatchlistPreview>;
