import { describe, expect, it } from 'vitest';
import { rollupDeltas, type TaggedPost } from './tagged-posts';

const post = (
  publishedAt: string,
  sourceId: string,
  label: 'positive' | 'negative' | 'unscored',
  score: number | null,
  topics: string[],
): TaggedPost => ({
  rawItemId: 1,
  sourceId,
  draft: {
    platform: 'p',
    externalId: publishedAt + sourceId,
    url: null,
    publishedAt,
    text: 't',
    lang: 'en',
    authorPseudonym: null,
    metrics: {},
    synthetic: false,
    version: '',
  },
  text: 't',
  lang: 'en',
  sentiment: { label, score, confidence: null, evidence: [] },
  topics: topics.map((id) => ({ id, score: 1, evidence: [] })),
  modelVersion: 'v',
  fetchedAt: new Date(),
});

describe('rollup deltas', () => {
  it('adds one all-topics row per post and one per topic, summed per UTC hour, in a fixed key order', () => {
    const deltas = rollupDeltas([
      post('2025-01-06T09:59:59Z', 's2', 'negative', -0.5, ['staffing', 'pay']),
      post('2025-01-06T09:00:00Z', 's2', 'negative', -0.25, ['staffing']),
      post('2025-01-06T08:30:00Z', 's1', 'unscored', null, []),
    ]);
    expect(
      deltas.map((d) => [
        d.hour.toISOString().slice(0, 13),
        d.sourceId,
        d.topicId,
        d.sentiment,
        d.postCount,
        d.scoreSum,
      ]),
    ).toEqual([
      ['2025-01-06T08', 's1', '*', 'unscored', 1, 0],
      ['2025-01-06T09', 's2', '*', 'negative', 2, -0.75],
      ['2025-01-06T09', 's2', 'pay', 'negative', 1, -0.5],
      ['2025-01-06T09', 's2', 'staffing', 'negative', 2, -0.75],
    ]);
  });
});
