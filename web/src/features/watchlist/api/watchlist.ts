import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zWatchlistPreview, zWatchlistResponse, type Watchlist } from '@lp/contracts/watchlist';
import { apiGet, apiSend } from '../../../lib/api-client';

/** The watch list and its latest history recompute; polled every 2 s while one runs. */
export function useWatchlist() {
  return useQuery({
    queryKey: ['watchlist'],
    queryFn: ({ signal }) => apiGet('/api/v1/watchlist', {}, zWatchlistResponse, signal),
    refetchInterval: (q) => {
      const r = q.state.data?.recompute;
      return r && (r.state === 'queued' || r.state === 'running') ? 2_000 : false;
    },
  });
}

export function useSaveWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: Watchlist) => apiSend('PUT', '/api/v1/watchlist', w, zWatchlistResponse),
    onSuccess: (saved) => queryClient.setQueryData(['watchlist'], saved),
  });
}

export function usePreviewWatchlist() {
  return useMutation({
    mutationFn: (w: Watchlist) => apiSend('POST', '/api/v1/watchlist/preview', w, zWatchlistPreview),
  });
}
