import { useCallback, useMemo } from 'react';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { usePosts } from '../api/get-posts';
import { PostItem } from '../../../components/posts/post-item';
import { RetentionNote } from '../../../components/posts/retention-note';
import { LoadMore, uniqueById } from '../../../components/ui/load-more';

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
                    labelTopics={topicNames}
                    selectedTopic={topic}
                    onTopicSelect={onTopicSelect}
                  />
                ))}
              </ol>
              <LoadMore shown={items.length} noun="post" complete="(all posts in this range)" query={posts} />
              <RetentionNote retention={posts.data.pages[0]?.retention} from={from} />
            </>
          )}
        </>
      )}
    </Panel>
  );
}
