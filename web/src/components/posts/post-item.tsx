import { useMemo } from 'react';
import type { PostView } from '@lp/contracts/api';
import { LabelControl } from '../../features/labels/components/label-control';
import { formatPostTime } from '../../lib/dates';
import { useCan } from '../../lib/session';
import { formatCounted, formatPlatform, formatScore, safeExternalUrl, SENTIMENT_LABELS } from '../../lib/format';
import { matchHighlights, postHighlights } from './highlight-spans';
import { HighlightedText } from './highlighted-text';

type Props = {
  post: PostView;
  topicName: (id: string) => string;
  selectedTopic: string | null;
  onTopicSelect: (topicId: string) => void;
  /** Words that matched a search, marked beside the evidence. */
  matches?: ReadonlyArray<{ start: number; end: number }>;
  testId?: string;
  /** A line under the post (e.g. how many near-identical posts it stands for). */
  footnote?: string;
  /** Every taxonomy topic (id → name): given, an analyst can confirm or correct the post's tags here. */
  labelTopics?: ReadonlyMap<string, string>;
};

const NO_MATCHES: ReadonlyArray<{ start: number; end: number }> = [];

export function PostItem({
  post,
  topicName,
  selectedTopic,
  onTopicSelect,
  matches = NO_MATCHES,
  testId = 'post-item',
  footnote,
  labelTopics,
}: Props) {
  const canLabel = useCan('analyst') && labelTopics !== undefined && labelTopics.size > 0;
  const highlights = useMemo(
    () => [...postHighlights(post, topicName), ...matchHighlights(matches)],
    [post, topicName, matches],
  );
  const platform = formatPlatform(post.platform);
  const url = safeExternalUrl(post.url);
  const { reposts, likes, replies } = post.metrics;
  const { label, score } = post.sentiment;

  return (
    <li className="post" data-testid={testId}>
      <article aria-label={`${platform} post, ${formatPostTime(post.publishedAt)}`}>
        <header className="post-meta">
          <span className="post-platform">{platform}</span>
          <time dateTime={post.publishedAt}>{formatPostTime(post.publishedAt)}</time>
          {post.synthetic ? (
            <span className="badge badge-synthetic" title="Generated for the demo: not written by a real person">
              Synthetic
            </span>
          ) : null}
          <span className={`chip chip-${label}`} data-sentiment={label}>
            <span className="visually-hidden">Sentiment: </span>
            {SENTIMENT_LABELS[label]}
            {score !== null ? <span className="chip-score"> {formatScore(score)}</span> : null}
          </span>
        </header>

        {post.text === null ? (
          <p className="post-text post-text-removed">
            Text removed (deleted by its author or past the retention period).
          </p>
        ) : (
          <HighlightedText text={post.text} highlights={highlights} />
        )}

        {footnote ? (
          <p className="post-footnote" data-testid="post-footnote">
            {footnote}
          </p>
        ) : null}
        <footer className="post-footer">
          {post.topics.length > 0 ? (
            <ul className="chip-list" aria-label="Topics">
              {post.topics.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    className="chip chip-topic"
                    aria-pressed={t.id === selectedTopic}
                    title={`Show only ${topicName(t.id)}`}
                    onClick={() => onTopicSelect(t.id)}
                  >
                    {topicName(t.id)}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="post-metrics">
            {[
              reposts !== undefined ? formatCounted(reposts, 'repost') : null,
              likes !== undefined ? formatCounted(likes, 'like') : null,
              replies !== undefined ? formatCounted(replies, 'reply', 'replies') : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {url ? (
            <a className="post-link" href={url} target="_blank" rel="noopener noreferrer">
              View on {platform}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : null}
        </footer>
        {canLabel ? (
          <LabelControl key={`${post.id}:${post.label?.labelledAt ?? ''}`} post={post} topics={labelTopics} />
        ) : null}
      </article>
    </li>
  );
}
