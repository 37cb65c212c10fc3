import { useMutation } from '@tanstack/react-query';
import { zSourceTestResult, type SourceTestResult } from '@lp/contracts/sources';
import { apiSend } from '../../../lib/api-client';

/** "Fetch one page now": what a poll would store (from the start: what the address gives a new source); nothing is stored. */
export function testSource({ id, fromStart }: { id: string; fromStart?: boolean }): Promise<SourceTestResult> {
  return apiSend(
    'POST',
    `/api/v1/sources/${encodeURIComponent(id)}/test${fromStart ? '?fromStart=true' : ''}`,
    undefined,
    zSourceTestResult,
  );
}

export function useTestSource() {
  return useMutation({ mutationFn: testSource });
}
