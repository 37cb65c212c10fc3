import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zEventImportResult, type EventImportResult } from '@lp/contracts/events';
import { apiSendFile } from '../../../lib/api-client';

/** Sends the CSV's bytes as the body; the API stores the good rows and reports the bad ones. */
export function importEvents(file: File): Promise<EventImportResult> {
  return apiSendFile('/api/v1/events/import', {}, file, zEventImportResult);
}

export function useImportEvents() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importEvents,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}
