import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { VoiceFilter } from '@lp/contracts/api';
import { zMoversResponse, type MoversResponse } from '@lp/contracts/overview';
import { apiGet } from '../../../lib/api-client';
import { useSharedFilters, withShared } from '../../../lib/shared-filters';

export type GetMoversParams = {
  from: string;
  to: string;
  topic?: string | null;
  limit?: number;
  /** The headline's voice: the posts that moved staff mood are staff's. */
  voice?: VoiceFilter | null;
};

export function getMovers(params: GetMoversParams, signal?: AbortSignal): Promise<MoversResponse> {
  return apiGet('/api/v1/movers', params, zMoversResponse, signal);
}

export function getMoversQueryOptions(params: GetMoversParams) {
  return queryOptions({
    queryKey: ['movers', params],
    queryFn: ({ signal }) => getMovers(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMovers(params: GetMoversParams) {
  return useQuery(getMoversQueryOptions(withShared(params, useSharedFilters())));
}
