import { queryOptions, useQuery } from '@tanstack/react-query';
import { zMeResponse, type MeResponse } from '@lp/contracts/auth';
import { ApiError, apiGet } from '../../../lib/api-client';
import { ME_QUERY_KEY } from '../../../lib/query-client';

/** The signed-in user, or null when nobody is (a 401 is an answer here, not a failure). */
export async function getMe(signal?: AbortSignal): Promise<MeResponse | null> {
  try {
    return await apiGet('/api/v1/auth/me', {}, zMeResponse, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function getMeQueryOptions() {
  return queryOptions({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => getMe(signal),
    // Other queries' 401s sign the page out at once; this one only needs an occasional check.
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

export function useMe() {
  return useQuery(getMeQueryOptions());
}
