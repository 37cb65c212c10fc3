import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zSourceDetail, type SourceCreate, type SourceDetail } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

export function createSource(input: SourceCreate): Promise<SourceDetail> {
  return apiSend('POST', '/api/v1/sources', input, zSourceDetail);
}

export function useCreateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSource,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sources'] }),
  });
}
