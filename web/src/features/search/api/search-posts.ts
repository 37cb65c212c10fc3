import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { SentimentClass } from '@lp/contracts/api';
import { zSearchResponse, type SearchResponse } from '@lp/contracts/search';
import { withShared, useSharedFilters } from '../../../lib/shared-filters';
import { apiGet } from '../../../lib/api-client';

export type SearchPostsParams = {
  /** Web-search syntax: words, "quoted phrases", `or`, `-word`. */
  q: string;
  from: string;
  to: string;
  topic?: string | null;
  sentiment?: SentimentClass | null;
  source?: string | null;
};

/** One page of matching posts, newest first. `cursor` is the previous page's `nextCursor`. */
export function searchPosts(
  params: SearchPostsParams & { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<SearchResponse> {
  return apiGet('/api/v1/search', params, zSearchResponse, signal);
}

// Same page size as the post list: a screen or two, then "Load more".
const PAGE_SIZE = 20;

export function getSearchPostsQueryOptions(params: SearchPostsParams) {
  return infiniteQueryOptions({
    queryKey: ['search', params],
    queryFn: ({ pageParam, signal }) => searchPosts({ limit: PAGE_SIZE, ...params, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    enabled: params.q.trim() !== '',
  });
}

export function useSearchPosts(params: SearchPostsParams) {
  // The view's shared filters (source, sentiment, language, voice, about us) apply to every panel.
  return useInfiniteQuery(getSearchPostsQueryOptions(withShared(params, useSharedFilters())));
}
