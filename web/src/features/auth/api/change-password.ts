import { useMutation } from '@tanstack/react-query';
import type { PasswordChange } from '@lp/contracts/auth';
import { NO_CONTENT, apiSend } from '../../../lib/api-client';

export function changePassword(input: PasswordChange): Promise<undefined> {
  return apiSend('POST', '/api/v1/auth/password', input, NO_CONTENT);
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
