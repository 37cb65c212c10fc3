import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { zAlertHistory, type AlertHistory } from '@lp/contracts/alerts';
import { apiGet } from '../../../lib/api-client';

export type GetAlertHistoryParams = {
  alert?: string;
  kind?: 'rule' | 'source_health';
  unacknowledged?: boolean;
};

/** One page of fired alerts, newest first. `before` is whatever the previous page returned as `next`. */
export function getAlertHistory(
  params: GetAlertHistoryParams & { before?: string | null },
  signal?: AbortSignal,
): Promise<AlertHistory> {
  const { unacknowledged, ...rest } = params;
  return apiGet(
    '/api/v1/alerts/history',
    { ...rest, limit: PAGE_SIZE, unacknowledged: unacknowledged ? 'true' : undefined },
    zAlertHistory,
    signal,
  );
}

// Each firing is a tall card: twenty fill several screens; "Show older" fetches twenty more.
const PAGE_SIZE = 20;

export function getAlertHistoryQueryOptions(params: GetAlertHistoryParams) {
  return infiniteQueryOptions({
    queryKey: ['alerts', 'history', params],
    queryFn: ({ pageParam, signal }) => getAlertHistory({ ...params, before: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next,
  });
}

export function useAlertHistory(params: GetAlertHistoryParams) {
  return useInfiniteQuery(getAlertHistoryQueryOptions(params));
}
