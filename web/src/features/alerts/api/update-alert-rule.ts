import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zAlertRule, type AlertRule, type AlertRuleInput } from '@lp/contracts/alerts';
import { apiSend } from '../../../lib/api-client';

/** zAlertRulePatch: any of the input's fields, none defaulted. */
export type AlertRulePatch = Partial<AlertRuleInput>;

/** Changes a rule; a saved webhook channel sent as `{ type, id }` keeps its address and secret. */
export function updateAlertRule({ id, patch }: { id: string; patch: AlertRulePatch }): Promise<AlertRule> {
  return apiSend('PATCH', `/api/v1/alerts/${encodeURIComponent(id)}`, patch, zAlertRule);
}

export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAlertRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
  });
}
