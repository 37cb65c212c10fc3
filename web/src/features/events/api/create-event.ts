import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zEvent, type Event, type EventCreate } from '@lp/contracts/events';
import { apiSend } from '../../../lib/api-client';

export function createEvent(input: EventCreate): Promise<Event> {
  return apiSend('POST', '/api/v1/events', input, zEvent);
}

export function useCreateEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createEvent,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}
