import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zTokenCreated, zTokenList, type TokenCreate } from '@lp/contracts/tokens';
import { apiGet, apiSend, NO_CONTENT } from '../../../lib/api-client';

export function useTokens() {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: ({ signal }) => apiGet('/api/v1/tokens', {}, zTokenList, signal),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TokenCreate) => apiSend('POST', '/api/v1/tokens', input, zTokenCreated),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend('DELETE', `/api/v1/tokens/${id}`, undefined, NO_CONTENT),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
