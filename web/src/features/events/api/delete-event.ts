import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';

// The API answers 204 with no body; there is nothing to validate.
const noContent = { safeParse: () => ({ success: true as const, data: undefined }) };

export function deleteEvent(id: number): Promise<undefined> {
  return apiSend('DELETE', `/api/v1/events/${id}`, undefined, noContent);
}

export function useDeleteEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteEvent,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}
