import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { zPostsResponse, type PostsResponse, type SentimentClass } from '@lp/contracts/api';
import { withShared, useSharedFilters } from '../../../lib/shared-filters';
import { apiGet } from '../../../lib/api-client';

export type GetPostsParams = {
  from: string;
  to: string;
  topic?: string | null;
  sentiment?: SentimentClass | null;
  source?: string | null;
  limit?: number;
};

/** One page of posts, newest first. `cursor` is whatever the previous page returned as `nextCursor`. */
export function getPosts(
  params: GetPostsParams & { cursor?: string | null },
  signal?: AbortSignal,
): Promise<PostsResponse> {
  return apiGet('/api/v1/posts', params, zPostsResponse, signal);
}

// Twenty posts fill a screen or two; "Load more" fetches the next twenty.
const PAGE_SIZE = 20;

export function getPostsQueryOptions(params: GetPostsParams) {
  return infiniteQueryOptions({
    queryKey: ['posts', params],
    queryFn: ({ pageParam, signal }) => getPosts({ limit: PAGE_SIZE, ...params, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function usePosts(params: GetPostsParams) {
  // The view's shared filters (source, sentiment, language, voice, about us) apply to every panel.
  return useInfiniteQuery(getPostsQueryOptions(withShared(params, useSharedFilters())));
}
