import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zModelResponse, zRetagResponse, zRetrainResponse } from '@lp/contracts/model';
import { apiGet, apiSend } from '../../../lib/api-client';

export function useModel() {
  return useQuery({
    queryKey: ['model'],
    queryFn: ({ signal }) => apiGet('/api/v1/model', {}, zModelResponse, signal),
  });
}

/** The latest re-tagging run; polled every 2 s while one is active. */
export function useRetagRun() {
  return useQuery({
    queryKey: ['model-retag'],
    queryFn: ({ signal }) => apiGet('/api/v1/model/retag', {}, zRetagResponse, signal),
    refetchInterval: (q) =>
      q.state.data?.run && ['queued', 'running'].includes(q.state.data.run.state) ? 2_000 : false,
  });
}

export function useStartRetag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('POST', '/api/v1/model/retag', {}, zRetagResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['model-retag'] }),
  });
}

/** The latest retraining; polled every 2 s while one is queued or training. */
export function useRetrain() {
  return useQuery({
    queryKey: ['model-retrain'],
    queryFn: ({ signal }) => apiGet('/api/v1/model/retrain', {}, zRetrainResponse, signal),
    refetchInterval: (q) =>
      q.state.data?.version && ['queued', 'training'].includes(q.state.data.version.state) ? 2_000 : false,
  });
}

export function useStartRetrain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('POST', '/api/v1/model/retrain', {}, zRetrainResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['model-retrain'] }),
  });
}

/** Puts a promoted version (or, with null, the shipped model) in use; history is re-tagged with it. */
export function useActivateVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (versionId: number | null) => apiSend('POST', '/api/v1/model/active', { versionId }, zRetagResponse),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
