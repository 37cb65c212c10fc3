import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { zEventsResponse, type EventsResponse } from '@lp/contracts/events';
import { apiGet } from '../../../lib/api-client';

export type GetEventsParams = { from: string; to: string };

export function getEvents(params: GetEventsParams, signal?: AbortSignal): Promise<EventsResponse> {
  return apiGet('/api/v1/events', params, zEventsResponse, signal);
}

export function getEventsQueryOptions(params: GetEventsParams) {
  return queryOptions({
    queryKey: ['events', params],
    queryFn: ({ signal }) => getEvents(params, signal),
    // Keeps the old markers while a new range loads, like the trend they sit on.
    placeholderData: keepPreviousData,
  });
}

export function useEvents(params: GetEventsParams) {
  return useQuery(getEventsQueryOptions(params));
}
