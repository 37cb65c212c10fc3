import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  zReportArchive,
  zReportSettingsResponse,
  zSendReportResponse,
  type ReportSettingsView,
} from '@lp/contracts/reports';
import { apiGet, apiSend } from '../../../lib/api-client';

/** Admins: who gets the Monday email and when. */
export function useReportSettings() {
  return useQuery(
    queryOptions({
      queryKey: ['report-settings'],
      queryFn: ({ signal }) => apiGet('/api/v1/reports/settings', {}, zReportSettingsResponse, signal),
    }),
  );
}

export function useSaveReportSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ReportSettingsView) =>
      apiSend('PUT', '/api/v1/reports/settings', settings, zReportSettingsResponse),
    onSuccess: (saved) => queryClient.setQueryData(['report-settings'], saved),
  });
}

/** Admins: every week emailed, with each recipient's status. */
export function useReportArchive() {
  return useQuery(
    queryOptions({
      queryKey: ['report-archive'],
      queryFn: ({ signal }) => apiGet('/api/v1/reports', {}, zReportArchive, signal),
    }),
  );
}

/** Sends a week now: to the configured recipients once each, or to `to` (again if need be). */
export function useSendReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ week, to }: { week: string; to?: string[] }) =>
      apiSend(
        'POST',
        `/api/v1/reports/weekly/send?week=${encodeURIComponent(week)}`,
        to ? { to } : undefined,
        zSendReportResponse,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['report-archive'] }),
  });
}
