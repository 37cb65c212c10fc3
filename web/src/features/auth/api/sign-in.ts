import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zLoginResponse, type LoginRequest, type SessionUser } from '@lp/contracts/auth';
import { apiSend } from '../../../lib/api-client';
import { ME_QUERY_KEY } from '../../../lib/query-client';

export async function signIn(input: LoginRequest): Promise<SessionUser> {
  return (await apiSend('POST', '/api/v1/auth/login', input, zLoginResponse)).user;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: async () => {
      // Nothing cached for whoever used this browser before may show to the person now signed in.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });
}
