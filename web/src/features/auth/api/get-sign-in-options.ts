import { useQuery } from '@tanstack/react-query';
import { zSignInOptions } from '@lp/contracts/auth';
import { apiGet } from '../../../lib/api-client';

/** Whether to offer the organisation's sign-in, passwords, or both (asked before anyone signs in). */
export function useSignInOptions() {
  return useQuery({
    queryKey: ['auth', 'options'],
    queryFn: ({ signal }) => apiGet('/api/v1/auth/options', {}, zSignInOptions, signal),
    staleTime: 5 * 60_000,
  });
}
