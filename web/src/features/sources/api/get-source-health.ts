import { queryOptions, useQuery } from '@tanstack/react-query';
import { zSourceHealthResponse, type SourceHealthResponse } from '@lp/contracts/sources';
import { apiGet } from '../../../lib/api-client';

export function getSourceHealth(signal?: AbortSignal): Promise<SourceHealthResponse> {
  return apiGet('/api/v1/sources/health', {}, zSourceHealthResponse, signal);
}

export function getSourceHealthQueryOptions() {
  return queryOptions({
    // Under ['sources'] so every source action refreshes the dashboard's status panel too.
    queryKey: ['sources', 'health'],
    queryFn: ({ signal }) => getSourceHealth(signal),
  });
}

export function useSourceHealth() {
  return useQuery(getSourceHealthQueryOptions());
}
