import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend, NO_CONTENT } from '../../../lib/api-client';

/** Deletes a rule; the alerts it already raised stay in the history under its name. */
export function deleteAlertRule(id: string): Promise<undefined> {
  return apiSend('DELETE', `/api/v1/alerts/${encodeURIComponent(id)}`, undefined, NO_CONTENT);
}

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAlertRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
  });
}
