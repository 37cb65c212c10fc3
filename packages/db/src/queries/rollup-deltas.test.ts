import { describe, expect, it } from 'vitest';
import { impactOf, rollupDeltas, type Contribution } from './rollup-deltas';

const post = (
  publishedAt: string,
  sourceId: string,
  label: 'positive' | 'negative' | 'unscored',
  score: number | null,
  topics: string[],
  extra: Partial<Contribution> = {},
): Contribution => ({
  publishedAt,
  sourceId,
  label,
  score,
  topics,
  voice: 'staff',
  lang: 'en',
  aboutUs: false,
  sign: 1,
  ...extra,
});

describe('rollup deltas', () => {
  it('adds one all-topics row per post and one per topic, summed per UTC hour, in a fixed key order', () => {
    const { hourly } = rollupDeltas([
      post('2025-01-06T09:59:59Z', 's2', 'negative', -0.5, ['staffing', 'pay']),
      post('2025-01-06T09:00:00Z', 's2', 'negative', -0.25, ['staffing']),
      post('2025-01-06T08:30:00Z', 's1', 'unscored', null, []),
    ]);
    expect(
      hourly.map((d) => [
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

  it('keys daily rows by London day, voice, language and "about us", and the voice table without source', () => {
    const { daily, dailyVoice } = rollupDeltas([
      // 23:30 UTC in July is 00:30 the next day in London.
      post('2025-07-01T23:30:00Z', 's1', 'negative', -0.5, [], { voice: 'public', lang: null, aboutUs: true }),
      post('2025-07-01T12:00:00Z', 's1', 'negative', -0.5, []),
      post('2025-07-01T13:00:00Z', 's2', 'negative', -0.25, []),
    ]);
    expect(daily.map((d) => [d.topicId, d.day, d.voice, d.sourceId, d.lang, d.aboutUs, d.postCount])).toEqual([
      ['*', '2025-07-01', 'staff', 's1', 'en', false, 1],
      ['*', '2025-07-01', 'staff', 's2', 'en', false, 1],
      ['*', '2025-07-02', 'public', 's1', 'und', true, 1],
    ]);
    expect(dailyVoice.map((d) => [d.day, d.voice, d.postCount, d.scoreSum])).toEqual([
      ['2025-07-01', 'staff', 2, -0.75],
      ['2025-07-02', 'public', 1, -0.5],
    ]);
  });

  it('drops keys whose changes cancel out (an edit that changes nothing)', () => {
    const before = post('2025-01-06T09:00:00Z', 's1', 'negative', -0.5, ['pay'], { sign: -1 });
    const after = post('2025-01-06T09:00:00Z', 's1', 'negative', -0.5, ['pay']);
    const d = rollupDeltas([before, after]);
    expect([d.hourly.length, d.daily.length, d.dailyVoice.length]).toEqual([0, 0, 0]);
  });
});

describe('impact', () => {
  it('ranks by reach × negativity and is zero for posts that are not negative', () => {
    expect(impactOf('negative', -0.5, { reposts: 3, likes: 5, replies: 1 })).toBe(5);
    expect(impactOf('negative', -0.8, {})).toBeCloseTo(0.8);
    expect(impactOf('positive', 0.9, { likes: 100 })).toBe(0);
    expect(impactOf('unscored', null, { likes: 100 })).toBe(0);
  });
});
