import { queryOptions, useQuery } from '@tanstack/react-query';
import { zAlertRuleList, type AlertRule } from '@lp/contracts/alerts';
import { apiGet } from '../../../lib/api-client';

export type AlertRuleList = { alerts: AlertRule[] };

/** Every alert rule with its last evaluation's status (admins only). */
export function getAlertRules(signal?: AbortSignal): Promise<AlertRuleList> {
  return apiGet('/api/v1/alerts', {}, zAlertRuleList, signal);
}

export function getAlertRulesQueryOptions() {
  return queryOptions({ queryKey: ['alerts', 'rules'], queryFn: ({ signal }) => getAlertRules(signal) });
}

export function useAlertRules() {
  return useQuery(getAlertRulesQueryOptions());
}
