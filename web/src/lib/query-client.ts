import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** How often every panel asks for fresh numbers: often enough to feel live, rare enough to be cheap. */
export const REFETCH_INTERVAL_MS = 10_000;

/** The signed-in user's query: null means signed out (the sign-in page shows). */
export const ME_QUERY_KEY = ['me'] as const;

export function createQueryClient(): QueryClient {
  // Any 401 means the session has ended (idle, 12 hours, signed out elsewhere): show sign-in at
  // the same URL, so signing in again returns to the same view.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) client.setQueryData(ME_QUERY_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        refetchInterval: REFETCH_INTERVAL_MS,
        // Data younger than half a refresh tick counts as fresh: refocusing the tab should not double-fetch.
        staleTime: REFETCH_INTERVAL_MS / 2,
        // A 4xx will fail the same way again; anything else (5xx, network) gets two more tries.
        retry: (failureCount, error) => !(error instanceof ApiError && error.isClientError) && failureCount < 2,
      },
    },
  });
  return client;
}
