import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zExportHistory, zExportJobResponse, type ExportRequest } from '@lp/contracts/exports';
import { apiGet, apiSend } from '../../../lib/api-client';

export function useExportHistory(enabled: boolean) {
  return useQuery({
    queryKey: ['exports'],
    queryFn: ({ signal }) => apiGet('/api/v1/exports', {}, zExportHistory, signal),
    enabled,
  });
}

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: ExportRequest) => apiSend('POST', '/api/v1/exports', req, zExportJobResponse),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['exports'] }),
  });
}

/** A background export, polled every second until it is done or failed. */
export function useExportJob(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['export', id],
    queryFn: async ({ signal }) => {
      const res = await apiGet(`/api/v1/exports/${id}`, {}, zExportJobResponse, signal);
      if (res.job.state === 'done' || res.job.state === 'failed')
        void queryClient.invalidateQueries({ queryKey: ['exports'] });
      return res;
    },
    enabled: id !== null,
    refetchInterval: (q) =>
      q.state.data && ['done', 'failed', 'expired'].includes(q.state.data.job.state) ? false : 1000,
  });
}
