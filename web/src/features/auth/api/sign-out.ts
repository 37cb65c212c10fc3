import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NO_CONTENT, apiSend } from '../../../lib/api-client';
import { ME_QUERY_KEY } from '../../../lib/query-client';

/** Ends this browser's session, or (everywhere) every session of the signed-in user. */
export function signOut(everywhere: boolean): Promise<undefined> {
  return apiSend('POST', everywhere ? '/api/v1/auth/logout-everywhere' : '/api/v1/auth/logout', undefined, NO_CONTENT);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Only a real sign-out shows the sign-in page: on a failure (offline, refused) the session is still
    // live, and a shared computer must not look signed out while it is not.
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, null);
    },
  });
}
