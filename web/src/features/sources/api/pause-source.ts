import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zSourceDetail, type SourceDetail } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

export function pauseSource(id: string): Promise<SourceDetail> {
  return apiSend('POST', `/api/v1/sources/${encodeURIComponent(id)}/pause`, undefined, zSourceDetail);
}

export function usePauseSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pauseSource,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sources'] }),
  });
}
