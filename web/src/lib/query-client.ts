import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** How often every panel asks for fresh numbers: often enough to feel live, rare enough to be cheap. */
export const REFETCH_INTERVAL_MS = 10_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
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
}
