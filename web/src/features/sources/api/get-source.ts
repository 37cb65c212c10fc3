import { queryOptions, useQuery } from '@tanstack/react-query';
import { zSourceDetail, type SourceDetail } from '@lp/contracts/sources';
import { apiGet } from '../../../lib/api-client';

export function getSource(id: string, signal?: AbortSignal): Promise<SourceDetail> {
  return apiGet(`/api/v1/sources/${encodeURIComponent(id)}`, {}, zSourceDetail, signal);
}

export function getSourceQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['sources', 'detail', id],
    queryFn: ({ signal }) => getSource(id, signal),
    // The edit form must not be refilled under someone's typing.
    refetchInterval: false,
  });
}

export function useSource(id: string) {
  return useQuery(getSourceQueryOptions(id));
}
