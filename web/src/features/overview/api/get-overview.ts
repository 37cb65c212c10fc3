import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { zOverviewResponse, type OverviewResponse } from '@lp/contracts/overview';
import { withShared, useSharedFilters } from '../../../lib/shared-filters';
import { apiGet } from '../../../lib/api-client';

export type GetOverviewParams = {
  from: string;
  to: string;
  topic?: string | null;
  source?: string | null;
};

export function getOverview(params: GetOverviewParams, signal?: AbortSignal): Promise<OverviewResponse> {
  return apiGet('/api/v1/overview', params, zOverviewResponse, signal);
}

export function getOverviewQueryOptions(params: GetOverviewParams) {
  return queryOptions({
    queryKey: ['overview', params],
    queryFn: ({ signal }) => getOverview(params, signal),
    // Changing a filter keeps the old figures on screen until the new ones arrive, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useOverview(params: GetOverviewParams) {
  // The view's shared filters (source, sentiment, language, voice, about us) apply to every panel.
  return useQuery(getOverviewQueryOptions(withShared(params, useSharedFilters())));
}
