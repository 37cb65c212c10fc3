import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { zAuditResponse, type AuditResponse } from '@lp/contracts/audit';
import { apiGet } from '../../../lib/api-client';

export type GetAuditParams = { action?: string; actor?: string; from?: string; to?: string; cursor?: string };

export function getAudit(params: GetAuditParams, signal?: AbortSignal): Promise<AuditResponse> {
  return apiGet('/api/v1/audit', { ...params, limit: 50 }, zAuditResponse, signal);
}

export function getAuditQueryOptions(params: GetAuditParams) {
  return queryOptions({
    queryKey: ['audit', params],
    queryFn: ({ signal }) => getAudit(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAudit(params: GetAuditParams) {
  return useQuery(getAuditQueryOptions(params));
}
