import type { PostView } from '@lp/contracts/api';
import { formatScore } from '../../lib/format';

/** `match` marks a word that matched the search; the others are tag evidence. */
export type HighlightKind = 'topic' | 'positive' | 'negative' | 'neutral' | 'match';

/** One piece of evidence to mark in a post: `text.slice(start, end)`, why it matters, and how to colour it. */
export type Highlight = { start: number; end: number; kind: HighlightKind; title: string };

/** A run of text; `highlights` lists every piece of evidence covering all of it (empty = plain text). */
export type Segment = { start: number; end: number; text: string; highlights: Highlight[] };

/**
 * Cuts `text` into plain and highlighted runs. Evidence may overlap (a word can be both a topic
 * term and a sentiment term), so the text is cut at every span edge and each run keeps all the
 * spans covering it. Offsets outside the text, or empty spans, are dropped rather than trusted.
 * Offsets are JavaScript string indices (UTF-16 code units), as the API produces them.
 */
export function splitHighlights(text: string, highlights: readonly Highlight[]): Segment[] {
  const valid = highlights
    .map((h) => ({ ...h, start: Math.max(0, Math.trunc(h.start)), end: Math.min(text.length, Math.trunc(h.end)) }))
    .filter((h) => Number.isFinite(h.start) && Number.isFinite(h.end) && h.start < h.end);

  const cuts = new Set<number>([0, text.length]);
  for (const h of valid) {
    cuts.add(h.start);
    cuts.add(h.end);
  }
  const edges = [...cuts].sort((a, b) => a - b);

  const segments: Segment[] = [];
  for (let i = 0; i < edges.length - 1; i++) {
    const start = edges[i] as number;
    const end = edges[i + 1] as number;
    const covering = valid.filter((h) => h.start <= start && h.end >= end);
    const previous = segments.at(-1);
    // Neighbouring plain runs (or runs under exactly the same spans) read as one piece.
    if (previous && sameHighlights(previous.highlights, covering)) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
    } else {
      segments.push({ start, end, text: text.slice(start, end), highlights: covering });
    }
  }
  return segments;
}

function sameHighlights(a: readonly Highlight[], b: readonly Highlight[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

/** The evidence of a post as highlights: sentiment terms coloured by the sign of their weight, topic terms by topic. */
export function postHighlights(
  post: Pick<PostView, 'sentiment' | 'topics'>,
  topicName: (id: string) => string,
): Highlight[] {
  const sentiment = post.sentiment.evidence.map((e): Highlight => {
    const kind: HighlightKind =
      e.weight === undefined
        ? signKind(post.sentiment.score)
        : e.weight > 0
          ? 'positive'
          : e.weight < 0
            ? 'negative'
            : 'neutral';
    const weight = e.weight === undefined ? '' : ` (${formatScore(e.weight)})`;
    return { start: e.start, end: e.end, kind, title: `sentiment: ${e.term}${weight}` };
  });
  const topics = post.topics.flatMap((topic) =>
    topic.evidence.map((e): Highlight => ({
      start: e.start,
      end: e.end,
      kind: 'topic',
      title: `topic: ${topicName(topic.id)} (${e.term})`,
    })),
  );
  return [...sentiment, ...topics];
}

/** Search matches (offsets into the text, like evidence) as highlights. */
export function matchHighlights(matches: ReadonlyArray<{ start: number; end: number }>): Highlight[] {
  return matches.map((m) => ({ start: m.start, end: m.end, kind: 'match', title: 'matches your search' }));
}

/** Whether a run of text contains a search match. */
export const isSearchMatch = (segment: Segment): boolean => segment.highlights.some((h) => h.kind === 'match');

function signKind(score: number | null): HighlightKind {
  if (score === null || score === 0) return 'neutral';
  return score > 0 ? 'positive' : 'negative';
}

/** Text for a `<mark>`'s title: each distinct reason once. */
export function segmentTitle(segment: Segment): string {
  return [...new Set(segment.highlights.map((h) => h.title))].join('; ');
}

/** CSS classes for a highlighted run: the sentiment colour (if any) plus a topic underline (if any). */
export function segmentClassName(segment: Segment): string {
  const kinds = new Set(segment.highlights.map((h) => h.kind));
  const classes: string[] = [];
  const tone = (['negative', 'positive', 'neutral'] as const).find((k) => kinds.has(k));
  if (tone) classes.push(`hl-${tone}`);
  if (kinds.has('topic')) classes.push('hl-topic');
  if (kinds.has('match')) classes.push('hl-match');
  return classes.join(' ');
}
