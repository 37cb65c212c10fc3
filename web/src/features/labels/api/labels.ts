import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zLabelResponse, type LabelInput } from '@lp/contracts/api';
import { apiSend } from '../../../lib/api-client';

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
