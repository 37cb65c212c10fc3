import { z } from 'zod';
import { zRetention } from './retention';
import { zPostView, zPostsQuery } from './api';

export const SEARCH_MAX_LENGTH = 200;

/**
 * A full-text search over posts, with the same filters as `/posts`. `q` is web-search syntax:
 * words (English stemming: "nurses" finds "nurse"), "quoted phrases", `or`, and `-word` to exclude.
 */
export const zSearchQuery = zPostsQuery.extend({
  q: z
    .string()
    .trim()
    .min(1, 'type something to search for')
    .max(SEARCH_MAX_LENGTH, `a search can be at most ${SEARCH_MAX_LENGTH} characters`),
});
export type SearchQuery = z.infer<typeof zSearchQuery>;

/** A matched word in the post: `text.slice(start, end)` (UTF-16 offsets, like evidence). */
export const zSearchMatch = z.object({ start: z.number().int(), end: z.number().int() });
export type SearchMatch = z.infer<typeof zSearchMatch>;

export const zSearchResult = zPostView.extend({ matches: z.array(zSearchMatch) });
export type SearchResult = z.infer<typeof zSearchResult>;

export const zSearchResponse = z.object({
  posts: z.array(zSearchResult),
  nextCursor: z.string().nullable(),
  /** As for /posts: older posts are figures only and never match a search. */
  retention: zRetention,
});
export type SearchResponse = z.infer<typeof zSearchResponse>;
