import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zUser, type User, type UserCreate } from '@lp/contracts/users';
import { apiSend } from '../../../lib/api-client';

export function createUser(input: UserCreate): Promise<User> {
  return apiSend('POST', '/api/v1/users', input, zUser);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
