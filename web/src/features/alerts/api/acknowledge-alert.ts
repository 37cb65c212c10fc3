import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zAlertFiringWithDeliveries, type AlertFiringWithDeliveries } from '@lp/contracts/alerts';
import { apiSend } from '../../../lib/api-client';

/** Records that the signed-in person has seen a fired alert. */
export function acknowledgeAlert(id: string): Promise<AlertFiringWithDeliveries> {
  return apiSend('POST', `/api/v1/alerts/history/${encodeURIComponent(id)}/ack`, undefined, zAlertFiringWithDeliveries);
}

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'history'] }),
  });
}
