import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zSourceDetail, type SourceDetail, type SourceUpdate } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

export function updateSource(id: string, input: SourceUpdate): Promise<SourceDetail> {
  return apiSend('PATCH', `/api/v1/sources/${encodeURIComponent(id)}`, input, zSourceDetail);
}

export function useUpdateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: SourceUpdate }) => updateSource(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sources'] }),
  });
}
