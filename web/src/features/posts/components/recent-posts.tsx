import { useCallback, useMemo } from 'react';
import type { PostView } from '@lp/contracts/api';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { formatCount } from '../../../lib/format';
import { usePosts } from '../api/get-posts';
import { PostItem } from './post-item';

type Props = {
  from: string;
  to: string;
  topic: string | null;
  /** Topic ids to display names; posts only carry ids. */
  topicNames: ReadonlyMap<string, string>;
  onTopicSelect: (topicId: string) => void;
};

const WHAT = 'recent posts';

/** The newest posts in range, with their tags, and "Load more" for older ones. */
export function RecentPosts({ from, to, topic, topicNames, onTopicSelect }: Props) {
  const posts = usePosts({ from, to, topic });
  const items = useMemo(() => uniqueById(posts.data?.pages.flatMap((page) => page.posts) ?? []), [posts.data]);
  const topicName = useCallback((id: string) => topicNames.get(id) ?? id, [topicNames]);
  const retry = () => void posts.refetch();

  return (
    <Panel
      title="Recent posts"
      testId="post-list"
      description="Newest first. Highlighted words are the evidence for each tag: hover one to see which."
      busy={posts.isPlaceholderData}
      actions={<UpdatedAt at={posts.dataUpdatedAt} />}
    >
      {posts.isPending ? (
        <LoadingState label="Loading posts…" />
      ) : !posts.data ? (
        <ErrorState what={WHAT} error={posts.error} onRetry={retry} retrying={posts.isFetching} />
      ) : (
        <>
          {posts.isRefetchError ? (
            <RefreshError what={WHAT} error={posts.error} onRetry={retry} retrying={posts.isFetching} />
          ) : null}
          {items.length === 0 ? (
            <EmptyState message="No posts in this range yet" detail="New posts appear here as they are collected." />
          ) : (
            <>
              <ol className="post-list">
                {items.map((post) => (
                  <PostItem
                    key={post.id}
                    post={post}
                    topicName={topicName}
                    selectedTopic={topic}
                    onTopicSelect={onTopicSelect}
                  />
                ))}
              </ol>
              <div className="post-list-footer">
                <p role="status" className="post-count">
                  Showing {formatCount(items.length)} {items.length === 1 ? 'post' : 'posts'}
                  {posts.hasNextPage ? '' : ' (all posts in this range)'}
                </p>
                {posts.isFetchNextPageError ? (
                  <p className="field-error" role="alert">
                    Could not load more posts: {posts.error?.message}
                  </p>
                ) : null}
                {posts.hasNextPage ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void posts.fetchNextPage()}
                    disabled={posts.isFetchingNextPage}
                  >
                    {posts.isFetchingNextPage ? 'Loading more…' : 'Load more'}
                  </button>
                ) : null}
              </div>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

/** Pages are refetched one after another while posts keep arriving, so a post could in theory straddle two pages. */
function uniqueById(posts: PostView[]): PostView[] {
  const seen = new Set<string>();
  return posts.filter((post) => !seen.has(post.id) && Boolean(seen.add(post.id)));
}
