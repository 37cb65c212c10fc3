import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zUser, type User, type UserUpdate } from '@lp/contracts/users';
import { apiSend } from '../../../lib/api-client';

export function updateUser({ id, change }: { id: number; change: UserUpdate }): Promise<User> {
  return apiSend('PATCH', `/api/v1/users/${id}`, change, zUser);
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
