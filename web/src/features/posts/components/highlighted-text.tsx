import { useMemo } from 'react';
import { segmentClassName, segmentTitle, splitHighlights, type Highlight } from '../utils/highlight-spans';

/** Post text with its evidence marked; hovering a mark says which topic or sentiment term it is. */
export function HighlightedText({ text, highlights }: { text: string; highlights: readonly Highlight[] }) {
  const segments = useMemo(() => splitHighlights(text, highlights), [text, highlights]);
  return (
    <p className="post-text">
      {segments.map((segment) =>
        segment.highlights.length === 0 ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark key={segment.start} className={segmentClassName(segment)} title={segmentTitle(segment)}>
            {segment.text}
          </mark>
        ),
      )}
    </p>
  );
}
