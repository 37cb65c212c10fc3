import { useMemo } from 'react';
import { isSearchMatch, segmentClassName, segmentTitle, splitHighlights, type Highlight } from './highlight-spans';

/** Post text with its evidence (and any search matches) marked; hovering a mark says why it is marked. */
export function HighlightedText({ text, highlights }: { text: string; highlights: readonly Highlight[] }) {
  const segments = useMemo(() => splitHighlights(text, highlights), [text, highlights]);
  return (
    <p className="post-text">
      {segments.map((segment) =>
        segment.highlights.length === 0 ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark
            key={segment.start}
            className={segmentClassName(segment)}
            title={segmentTitle(segment)}
            data-testid={isSearchMatch(segment) ? 'search-match' : undefined}
          >
            {segment.text}
          </mark>
        ),
      )}
    </p>
  );
}
