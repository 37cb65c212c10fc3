import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { zTrendsResponse, type Bucket, type TrendsResponse, type VoiceFilter } from '@lp/contracts/api';
import { withShared, useSharedFilters } from '../../../lib/shared-filters';
import { apiGet } from '../../../lib/api-client';

export type GetTrendsParams = {
  from: string;
  to: string;
  bucket: Bucket;
  topic?: string | null;
  source?: string | null;
  /** Overrides the view's voice (the headline's worst day is staff's when no voice is chosen). */
  voice?: VoiceFilter | null;
};

export function getTrends(params: GetTrendsParams, signal?: AbortSignal): Promise<TrendsResponse> {
  return apiGet('/api/v1/trends', params, zTrendsResponse, signal);
}

export function getTrendsQueryOptions(params: GetTrendsParams) {
  return queryOptions({
    queryKey: ['trends', params],
    queryFn: ({ signal }) => getTrends(params, signal),
    // Changing a filter keeps the old chart on screen until the new one arrives, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useTrends(params: GetTrendsParams) {
  // The view's shared filters (source, sentiment, language, voice, about us) apply to every panel.
  return useQuery(getTrendsQueryOptions(withShared(params, useSharedFilters())));
}
