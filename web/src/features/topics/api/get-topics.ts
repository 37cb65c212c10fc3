import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { zTopicsResponse, type TopicsResponse } from '@lp/contracts/api';
import { withShared, useSharedFilters } from '../../../lib/shared-filters';
import { apiGet } from '../../../lib/api-client';

export type GetTopicsParams = { from: string; to: string; source?: string | null };

export function getTopics(params: GetTopicsParams, signal?: AbortSignal): Promise<TopicsResponse> {
  return apiGet('/api/v1/topics', params, zTopicsResponse, signal);
}

export function getTopicsQueryOptions(params: GetTopicsParams) {
  return queryOptions({
    queryKey: ['topics', params],
    queryFn: ({ signal }) => getTopics(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTopics(params: GetTopicsParams) {
  // The view's shared filters (source, sentiment, language, voice, about us) apply to every panel.
  return useQuery(getTopicsQueryOptions(withShared(params, useSharedFilters())));
}
