import { useCallback, useMemo } from 'react';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { ApiError } from '../../../lib/api-client';
import { formatRange } from '../../../lib/dates';
import { RetentionNote } from '../../../components/posts/retention-note';
import { PostItem } from '../../../components/posts/post-item';
import { useSearchPosts } from '../api/search-posts';
import { LoadMore, uniqueById } from '../../../components/ui/load-more';

type Props = {
  q: string;
  from: string;
  to: string;
  topic: string | null;
  /** Topic ids to display names; posts only carry ids. */
  topicNames: ReadonlyMap<string, string>;
  onTopicSelect: (topicId: string) => void;
};

const WHAT = 'search results';

/** Posts matching the search within the dashboard's range and topic, newest first, matched words marked. */
export function SearchResults({ q, from, to, topic, topicNames, onTopicSelect }: Props) {
  const results = useSearchPosts({ q, from, to, topic });
  const items = useMemo(() => uniqueById(results.data?.pages.flatMap((page) => page.posts) ?? []), [results.data]);
  const topicName = useCallback((id: string) => topicNames.get(id) ?? id, [topicNames]);
  const retry = () => void results.refetch();

  return (
    <Panel
      title={`Search results for “${q}”`}
      testId="search-results"
      className="search-results"
      description={
        <>
          Newest first, {formatRange({ from, to })}
          {topic ? `, topic ${topicName(topic)}` : ''}. Words matching your search are marked in yellow; other
          highlights are the evidence for each tag.
        </>
      }
      actions={<UpdatedAt at={results.dataUpdatedAt} />}
    >
      {results.isPending ? (
        <LoadingState label="Searching…" />
      ) : !results.data ? (
        results.error instanceof ApiError && results.error.isClientError ? (
          // The search itself is wrong (only common words, only exclusions): asking again will not help.
          <div className="state state-error" role="alert">
            <p className="state-title">Cannot search for that</p>
            <p>{results.error.message}</p>
          </div>
        ) : (
          <ErrorState what={WHAT} error={results.error} onRetry={retry} retrying={results.isFetching} />
        )
      ) : (
        <>
          {results.isRefetchError ? (
            <RefreshError what={WHAT} error={results.error} onRetry={retry} retrying={results.isFetching} />
          ) : null}
          {items.length === 0 ? (
            <EmptyState
              message={`No posts match “${q}”`}
              detail="Try other words, fewer words, a wider date range or all topics."
            />
          ) : (
            <>
              <ol className="post-list">
                {items.map((post) => (
                  <PostItem
                    key={post.id}
                    post={post}
                    matches={post.matches}
                    testId="search-result"
                    topicName={topicName}
                    labelTopics={topicNames}
                    selectedTopic={topic}
                    onTopicSelect={onTopicSelect}
                  />
                ))}
              </ol>
              <LoadMore
                shown={items.length}
                noun="matching post"
                complete="(all matches in this range)"
                query={results}
              />
            </>
          )}
          <RetentionNote retention={results.data.pages[0]?.retention} from={from} searching />
        </>
      )}
    </Panel>
  );
}
