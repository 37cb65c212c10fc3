import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend, NO_CONTENT } from '../../../lib/api-client';

/** Deletes a dashboard source; `posts` says whether its posts stay in the figures or go. */
export function useDeleteSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, posts }: { id: string; posts: 'keep' | 'remove' }) =>
      apiSend('DELETE', `/api/v1/sources/${encodeURIComponent(id)}?posts=${posts}`, undefined, NO_CONTENT),
    // Removing posts changes every figure; either way the source leaves every list.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
