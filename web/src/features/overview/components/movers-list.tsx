import { useCallback } from 'react';
import { PostItem } from '../../../components/posts/post-item';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import type { VoiceFilter } from '@lp/contracts/api';
import { voiceName } from '../../../lib/format';
import { useMovers } from '../api/get-movers';

type Props = {
  from: string;
  to: string;
  topic: string | null;
  /** The headline's voice: staff's movers under staff's mood. */
  voice: VoiceFilter;
  topicNames: ReadonlyMap<string, string>;
  onTopicSelect: (id: string) => void;
};

/** "What changed": the negative posts with the most reach, each linking to its original. */
export function MoversList({ from, to, topic, voice, topicNames, onTopicSelect }: Props) {
  const movers = useMovers({ from, to, topic, voice, limit: 5 });
  const topicName = useCallback((id: string) => topicNames.get(id) ?? id, [topicNames]);

  return (
    <section className="movers" aria-labelledby="movers-heading" data-testid="movers">
      <h3 id="movers-heading" className="overview-figure-label">
        Posts that moved the numbers
      </h3>
      <p className="overview-figure-note">
        Negative posts by {voiceName(voice)} ranked by reach × negativity: (1 + reposts + likes + replies) × how
        negative the model scored them. Near-identical posts are shown once, with a count.
      </p>
      {movers.isPending ? (
        <LoadingState label="Loading posts…" />
      ) : !movers.data ? (
        <ErrorState
          what="the posts that moved the numbers"
          error={movers.error}
          onRetry={() => void movers.refetch()}
          retrying={movers.isFetching}
        />
      ) : movers.data.posts.length === 0 ? (
        <p>No negative posts by {voiceName(voice)} in this range.</p>
      ) : (
        <ol className="post-list movers-list">
          {movers.data.posts.map((p) => (
            <PostItem
              key={p.id}
              post={p}
              topicName={topicName}
              labelTopics={topicNames}
              selectedTopic={topic}
              onTopicSelect={onTopicSelect}
              testId="mover"
              footnote={
                p.similar > 0
                  ? `and ${p.similar} near-identical ${p.similar === 1 ? 'post' : 'posts'} (repeats or reposts of it)`
                  : undefined
              }
            />
          ))}
        </ol>
      )}
    </section>
  );
}
