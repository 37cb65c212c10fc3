import { useCallback, useEffect, useMemo, useRef } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/query-states';
import { formatRange } from '../../../lib/dates';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { usePosts } from '../api/get-posts';
import { PostItem } from '../../../components/posts/post-item';
import { RetentionNote } from '../../../components/posts/retention-note';
import { openDrill, useDrill, type Drill } from '../../../lib/drill-state';
import './drill-down.css';
import { LoadMore, uniqueById } from '../../../components/ui/load-more';

type Props = {
  /** Topic ids to display names; posts and the URL only carry ids. */
  topicNames: ReadonlyMap<string, string>;
};

/** The drill-down named in the URL, as a modal dialog; nothing when the URL names none. */
export function DrillDownDialog({ topicNames }: Props) {
  const [drill, close] = useDrill();
  return drill ? <DrillDialog drill={drill} topicNames={topicNames} onClose={close} /> : null;
}

export function drillTitle(drill: Drill, topicName: (id: string) => string): string {
  return [
    drill.sentiment ? `${SENTIMENT_LABELS[drill.sentiment]} posts` : 'Posts',
    formatRange(drill),
    drill.topic ? topicName(drill.topic) : null,
    drill.source ? `source ${drill.source}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function DrillDialog({
  drill,
  topicNames,
  onClose,
}: {
  drill: Drill;
  topicNames: Props['topicNames'];
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const topicName = useCallback((id: string) => topicNames.get(id) ?? id, [topicNames]);
  const title = drillTitle(drill, topicName);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The trigger (if any) had focus when the dialog opened; it gets it back when the dialog goes away.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, []);

  const posts = usePosts({
    from: drill.from,
    to: drill.to,
    sentiment: drill.sentiment,
    topic: drill.topic,
    source: drill.source,
  });
  const items = useMemo(() => uniqueById(posts.data?.pages.flatMap((page) => page.posts) ?? []), [posts.data]);
  const retry = () => void posts.refetch();

  return (
    <dialog
      ref={ref}
      className="drill-dialog"
      data-testid="drill-dialog"
      aria-labelledby="drill-title"
      // Escape fires `cancel`; the URL, not the element, decides whether the dialog is open.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="drill-header">
        <h2 id="drill-title">{title}</h2>
        <button type="button" className="button button-small" data-testid="drill-close" onClick={onClose}>
          Close
        </button>
      </header>
      <p className="panel-description">
        Newest first. Highlighted words are the evidence for each tag; the chip shows the model&apos;s label and score.
      </p>
      {posts.isPending ? (
        <LoadingState label="Loading posts…" />
      ) : !posts.data ? (
        <ErrorState what="these posts" error={posts.error} onRetry={retry} retrying={posts.isFetching} />
      ) : items.length === 0 ? (
        <EmptyState message="No posts here" detail="Nothing matches this point any more." />
      ) : (
        <>
          <ol className="post-list">
            {items.map((post) => (
              <PostItem
                key={post.id}
                post={post}
                topicName={topicName}
                labelTopics={topicNames}
                selectedTopic={drill.topic}
                onTopicSelect={(id) => openDrill({ ...drill, topic: id })}
                testId="drill-post"
              />
            ))}
          </ol>
          <LoadMore shown={items.length} noun="post" complete="(all of them)" query={posts} />
          <RetentionNote retention={posts.data.pages[0]?.retention} from={drill.from} />
        </>
      )}
    </dialog>
  );
}
