import { queryOptions, useQuery } from '@tanstack/react-query';
import { zSourcesResponse, type SourcesResponse } from '@lp/contracts/api';
import { apiGet } from '../../../lib/api-client';

export function getSources(signal?: AbortSignal): Promise<SourcesResponse> {
  return apiGet('/api/v1/sources', {}, zSourcesResponse, signal);
}

export function getSourcesQueryOptions() {
  return queryOptions({
    queryKey: ['sources'],
    queryFn: ({ signal }) => getSources(signal),
  });
}

export function useSources() {
  return useQuery(getSourcesQueryOptions());
}
