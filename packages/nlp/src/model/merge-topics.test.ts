import { describe, expect, it } from 'vitest';
import { mergeTopics } from './merge-topics';

const rule = { id: 'staffing', score: 0.5, evidence: [{ term: 'short-staffed', start: 0, end: 13 }] };

describe('mergeTopics', () => {
  it('unions rules and classifier, combining scores where both fire', () => {
    const merged = mergeTopics(
      ['compassion', 'staffing'],
      [rule],
      [
        { id: 'staffing', score: 0.8, evidence: [{ term: 'short-staffed', start: 0, end: 13, weight: 1 }] },
        { id: 'compassion', score: 0.7, evidence: [] },
      ],
    );
    expect(merged.map((t) => t.id)).toEqual(['compassion', 'staffing']);
    expect(merged[1]!.score).toBe(0.9);
    expect(merged[1]!.evidence).toHaveLength(1);
  });

  it('never emits a classifier topic the taxonomy does not have', () => {
    expect(mergeTopics(['staffing'], [rule], [{ id: 'waiting-times', score: 0.9, evidence: [] }])).toEqual([rule]);
  });
});
