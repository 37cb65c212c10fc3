import { useMutation } from '@tanstack/react-query';
import { zSourceTestResult, type SourceTestResult } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

/** "Fetch one page now": what a poll would store; the server stores nothing. */
export function testSource(id: string): Promise<SourceTestResult> {
  return apiSend('POST', `/api/v1/sources/${encodeURIComponent(id)}/test`, undefined, zSourceTestResult);
}

export function useTestSource() {
  return useMutation({ mutationFn: testSource });
}
