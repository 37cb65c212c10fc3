import { useState } from 'react';
import { PostItem } from '../../../components/posts/post-item';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { formatPostTime } from '../../../lib/dates';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { useDisagreements, useReview, useReviewSample } from '../api/labels';
import { KeyboardLabelForm } from './label-sample-view';

type Topics = ReadonlyArray<readonly [string, string]>;
const describe = (
  l: { sentiment: keyof typeof SENTIMENT_LABELS; topics: string[] },
  names: ReadonlyMap<string, string>,
) =>
  `${SENTIMENT_LABELS[l.sentiment]}; ${l.topics.length ? l.topics.map((t) => names.get(t) ?? t).join(', ') : 'no topic'}`;

/** A second analyst reads colleagues' labelled posts blind; a reading that differs becomes a disagreement. */
export function ReviewMode({ topics }: { topics: Topics }) {
  const [skip, setSkip] = useState<string[]>([]);
  const sample = useReviewSample(skip);
  const [last, setLast] = useState<string | null>(null);
  const post = sample.data?.post ?? null;
  const names = new Map(topics);
  return (
    <>
      <p>
        Read each post as if nobody had labelled it: the label is shown after your reading. Where you differ, the post
        goes to Disagreements for the team to settle.
      </p>
      {last ? (
        <p role="status" data-testid="review-result">
          {last}
        </p>
      ) : null}
      {sample.isError ? (
        <ErrorState what="the next post to review" error={sample.error} onRetry={() => void sample.refetch()} />
      ) : sample.isPending ? (
        <LoadingState label="Finding the next post to review…" />
      ) : post ? (
        <ReviewForm
          key={post.id}
          post={post}
          topics={topics}
          onReviewed={(agrees, label) =>
            setLast(
              agrees
                ? 'You agreed with the label.'
                : `You differed: the label says ${describe(label, names)}. It is listed under Disagreements.`,
            )
          }
          onSkip={() => setSkip((s) => [...s, post.id].slice(-500))}
        />
      ) : (
        <p data-testid="review-empty">Nothing to review: every colleague&rsquo;s label has your reading.</p>
      )}
    </>
  );
}

function ReviewForm({
  post,
  topics,
  onReviewed,
  onSkip,
}: {
  post: { id: string; text: string; publishedAt: string; platform: string; synthetic: boolean };
  topics: Topics;
  onReviewed: (agrees: boolean, label: { sentiment: keyof typeof SENTIMENT_LABELS; topics: string[] }) => void;
  onSkip: () => void;
}) {
  const review = useReview(post.id);
  return (
    <KeyboardLabelForm
      display={
        <article className="post" data-testid="review-post" aria-label={`Post, ${formatPostTime(post.publishedAt)}`}>
          <p className="post-meta">
            <time dateTime={post.publishedAt}>{formatPostTime(post.publishedAt)}</time>
            {post.synthetic ? <span className="badge badge-synthetic">Synthetic</span> : null}
          </p>
          <p className="post-text">{post.text}</p>
        </article>
      }
      why={null}
      topics={topics}
      initialTopics={[]}
      saving={review.isPending}
      error={review.isError ? review.error.message : null}
      onSave={(input) => review.mutate(input, { onSuccess: (r) => onReviewed(r.agrees, r.label) })}
      onSkip={onSkip}
    />
  );
}

/** Reviews that differ from the label: setting the label (even "Tags are right") settles each. */
export function DisagreementsList({ topics }: { topics: ReadonlyMap<string, string> }) {
  const list = useDisagreements();
  const topicName = (id: string) => topics.get(id) ?? id;
  if (list.isPending) return <LoadingState label="Loading disagreements…" />;
  if (list.isError)
    return <ErrorState what="the disagreements" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <p data-testid="disagreements-empty">No disagreements to settle.</p>;
  return (
    <>
      <p>
        A colleague read each post differently from its label. Settle it by confirming the label (&ldquo;Tags are
        right&rdquo;) or changing it.
      </p>
      <ul className="post-list" data-testid="disagreements">
        {list.data.items.map(({ post, review }) => (
          <PostItem
            key={`${post.id}:${review.reviewedAt}`}
            post={post}
            topicName={topicName}
            selectedTopic={null}
            onTopicSelect={() => undefined}
            labelTopics={topics}
            testId="disagreement"
            footnote={`A colleague read it as ${describe(review as { sentiment: keyof typeof SENTIMENT_LABELS; topics: string[] }, topics)}.`}
          />
        ))}
      </ul>
    </>
  );
}
