import { queryOptions, useQuery } from '@tanstack/react-query';
import { zImportsResponse, type ImportView } from '@lp/contracts/imports';
import { apiGet } from '../../../lib/api-client';
import { REFETCH_INTERVAL_MS } from '../../../lib/query-client';
import { hasUnfinishedImport } from '../utils/imports';

/** Imports run in seconds: poll quickly while one is queued or running, at the usual pace otherwise. */
export const ACTIVE_IMPORT_POLL_MS = 2_000;

export type ImportsResponse = { imports: ImportView[] };

export function getSourceImports(sourceId: string, signal?: AbortSignal): Promise<ImportsResponse> {
  return apiGet(`/api/v1/sources/${encodeURIComponent(sourceId)}/imports`, {}, zImportsResponse, signal);
}

export function getSourceImportsQueryOptions(sourceId: string) {
  return queryOptions({
    // Under ['sources'] so source actions refresh it like the rest of the admin view.
    queryKey: ['sources', 'imports', sourceId],
    queryFn: ({ signal }) => getSourceImports(sourceId, signal),
    refetchInterval: (query) =>
      hasUnfinishedImport(query.state.data?.imports ?? []) ? ACTIVE_IMPORT_POLL_MS : REFETCH_INTERVAL_MS,
  });
}

export function useSourceImports(sourceId: string) {
  return useQuery(getSourceImportsQueryOptions(sourceId));
}
