import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/** When a background job the page watches stops running, every figure may have changed: refetch them all once. */
export function useRefetchAllWhenDone(running: boolean): void {
  const queryClient = useQueryClient();
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) void queryClient.invalidateQueries();
    wasRunning.current = running;
  }, [running, queryClient]);
}
