import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zSourceDetail, type SourceDetail } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

export function resumeSource(id: string): Promise<SourceDetail> {
  return apiSend('POST', `/api/v1/sources/${encodeURIComponent(id)}/resume`, undefined, zSourceDetail);
}

export function useResumeSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeSource,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sources'] }),
  });
}
