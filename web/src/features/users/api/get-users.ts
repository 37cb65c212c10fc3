import { queryOptions, useQuery } from '@tanstack/react-query';
import { zUserList, type UserList } from '@lp/contracts/users';
import { apiGet } from '../../../lib/api-client';

export function getUsers(signal?: AbortSignal): Promise<UserList> {
  return apiGet('/api/v1/users', {}, zUserList, signal);
}

export function getUsersQueryOptions() {
  return queryOptions({ queryKey: ['users'], queryFn: ({ signal }) => getUsers(signal) });
}

export function useUsers() {
  return useQuery(getUsersQueryOptions());
}
