import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zAlertRule, type AlertRule, type AlertRuleInput } from '@lp/contracts/alerts';
import { apiSend } from '../../../lib/api-client';

export function createAlertRule(input: AlertRuleInput): Promise<AlertRule> {
  return apiSend('POST', '/api/v1/alerts', input, zAlertRule);
}

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAlertRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
  });
}
