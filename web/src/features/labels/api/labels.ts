import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  zDisagreementsResponse,
  zLabelResponse,
  zReviewResponse,
  zReviewSampleResponse,
  zSampleResponse,
  type LabelInput,
} from '@lp/contracts/api';
import { apiGet, apiSend } from '../../../lib/api-client';

/**
 * Sets or takes back an analyst's label. A label changes every figure on screen (the counts,
 * the index, the topics), so every cached answer is refetched afterwards, not only this post's list.
 */
export function useLabelPost(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LabelInput | null) =>
      input === null
        ? apiSend('DELETE', `/api/v1/posts/${postId}/label`, undefined, zLabelResponse)
        : apiSend('PUT', `/api/v1/posts/${postId}/label`, input, zLabelResponse),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/** The next post worth labelling; `skip` holds what the analyst passed over this session. */
export function useLabelSample(skip: readonly string[]) {
  return useQuery({
    queryKey: ['label-sample', skip],
    queryFn: ({ signal }) =>
      apiGet('/api/v1/labels/sample', { skip: skip.length ? skip.join(',') : undefined }, zSampleResponse, signal),
  });
}

/** The next colleague-labelled post to read blind, with how many wait and how many disagree. */
export function useReviewSample(skip: readonly string[]) {
  return useQuery({
    queryKey: ['label-review-sample', skip],
    queryFn: ({ signal }) =>
      apiGet(
        '/api/v1/labels/review-sample',
        { skip: skip.length ? skip.join(',') : undefined },
        zReviewSampleResponse,
        signal,
      ),
  });
}

export function useReview(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LabelInput) => apiSend('POST', `/api/v1/posts/${postId}/review`, input, zReviewResponse),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['label-review-sample'] }),
        queryClient.invalidateQueries({ queryKey: ['label-disagreements'] }),
      ]),
  });
}

export function useDisagreements() {
  return useQuery({
    queryKey: ['label-disagreements'],
    queryFn: ({ signal }) => apiGet('/api/v1/labels/disagreements', {}, zDisagreementsResponse, signal),
  });
}
