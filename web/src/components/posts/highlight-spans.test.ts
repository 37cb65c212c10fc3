import { describe, expect, it } from 'vitest';
import { postHighlights, segmentClassName, segmentTitle, splitHighlights, type Highlight } from './highlight-spans';

const text = 'Nurses are exhausted and understaffed';
const topic: Highlight = { start: 0, end: 6, kind: 'topic', title: 'topic: Staffing (nurses)' };
const exhausted: Highlight = { start: 11, end: 20, kind: 'negative', title: 'sentiment: exhausted' };

describe('splitHighlights', () => {
  it('returns the text as one plain run when there is no evidence', () => {
    expect(splitHighlights(text, [])).toEqual([{ start: 0, end: text.length, text, highlights: [] }]);
  });

  it('keeps every character exactly once, in order', () => {
    const segments = splitHighlights(text, [topic, exhausted]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.map((s) => [s.text, s.highlights.length])).toEqual([
      ['Nurses', 1],
      [' are ', 0],
      ['exhausted', 1],
      [' and understaffed', 0],
    ]);
  });

  it('splits overlapping evidence so the shared part carries both', () => {
    const staffTopic: Highlight = { start: 25, end: 37, kind: 'topic', title: 'topic: Staffing (understaffed)' };
    const under: Highlight = { start: 25, end: 30, kind: 'negative', title: 'sentiment: under' };
    const segments = splitHighlights(text, [staffTopic, under]).filter((s) => s.highlights.length > 0);
    expect(segments.map((s) => s.text)).toEqual(['under', 'staffed']);
    expect(segmentClassName(segments[0]!)).toBe('hl-negative hl-topic');
    expect(segmentTitle(segments[0]!)).toBe('topic: Staffing (understaffed); sentiment: under');
    expect(segmentClassName(segments[1]!)).toBe('hl-topic');
  });

  it('drops empty, reversed and out-of-range spans and clamps overhangs', () => {
    const bad: Highlight[] = [
      { start: 5, end: 5, kind: 'topic', title: 'empty' },
      { start: 9, end: 3, kind: 'topic', title: 'reversed' },
      { start: 200, end: 210, kind: 'topic', title: 'past the end' },
      { start: 30, end: 99, kind: 'positive', title: 'overhang' },
    ];
    const segments = splitHighlights(text, bad);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.highlights.length > 0).map((s) => s.text)).toEqual(['staffed']);
  });

  it('handles empty text', () => {
    expect(splitHighlights('', [topic])).toEqual([]);
  });
});

describe('postHighlights', () => {
  it('colours sentiment terms by weight and names topics', () => {
    const highlights = postHighlights(
      {
        sentiment: {
          label: 'negative',
          score: -0.7,
          evidence: [
            { term: 'exhausted', start: 11, end: 20, weight: -0.8 },
            { term: 'kind', start: 0, end: 1, weight: 0.5 },
            { term: 'meh', start: 1, end: 2 },
          ],
        },
        topics: [{ id: 'staffing', score: 0.9, evidence: [{ term: 'nurses', start: 0, end: 6 }] }],
      },
      (id) => (id === 'staffing' ? 'Staffing' : id),
    );
    expect(highlights.map((h) => [h.kind, h.title])).toEqual([
      ['negative', 'sentiment: exhausted (\u22120.80)'],
      ['positive', 'sentiment: kind (+0.50)'],
      ['negative', 'sentiment: meh'],
      ['topic', 'topic: Staffing (nurses)'],
    ]);
  });
});
