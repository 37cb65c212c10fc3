import { describe, expect, it } from 'vitest';
import type { OverviewResponse, SentimentIndex } from '@lp/contracts/overview';
import {
  describeIndexChange,
  describeVolumeChange,
  formatIndex,
  formatPercent,
  formatPointsChange,
  formatSigned,
  notEnoughPosts,
  previousLabel,
  sortTopicChanges,
  topicThatMovedMost,
} from './overview-format';

const enough = (value: number, low: number, high: number): SentimentIndex => ({
  value,
  low,
  high,
  scored: 120,
  enough: true,
});
const tooFew: SentimentIndex = { value: null, low: null, high: null, scored: 12, enough: false };

describe('formatSigned', () => {
  it('signs whole numbers with a true minus and never shows −0', () => {
    expect(formatSigned(30.4)).toBe('+30');
    expect(formatSigned(-12.6)).toBe('\u221213');
    expect(formatSigned(-0.3)).toBe('0');
  });
});

describe('formatIndex', () => {
  it('writes the index with its 95% interval', () => {
    expect(formatIndex(enough(30, 15, 45))).toBe('+30 (likely between +15 and +45)');
    expect(formatIndex(enough(-8, -20.2, 4))).toBe('\u22128 (likely between \u221220 and +4)');
  });

  it('has nothing to show under 30 scored posts, and says so', () => {
    expect(formatIndex(tooFew)).toBeNull();
    expect(notEnoughPosts(tooFew)).toBe('Not enough posts (12 scored, 30 needed)');
  });
});

const ok = { comparable: true, reason: null, partial: false };
const no = {
  comparable: false,
  reason: 'The previous 7 days have 2 whole days of data from fedi, so the change is not shown.',
  partial: false,
};

describe('describeVolumeChange', () => {
  it('puts the direction in words as well as an arrow', () => {
    expect(describeVolumeChange(0.123, ok)).toEqual({ arrow: '↑', text: '12% more than the previous period' });
    expect(describeVolumeChange(-0.5, ok, 'the previous 7 days')).toEqual({
      arrow: '↓',
      text: '50% fewer than the previous 7 days',
    });
    expect(describeVolumeChange(0.001, ok).arrow).toBeNull();
    expect(describeVolumeChange(null, ok).text).toMatch(/no posts in the previous period/);
  });

  it('says why when the periods do not compare', () => {
    expect(describeVolumeChange(null, no)).toEqual({ arrow: null, text: no.reason });
  });
});

describe('describeIndexChange', () => {
  const f = (
    indexChange: number | null,
    indexDirection: 'up' | 'down' | 'no_clear_change' | null,
    before = enough(0, 0, 0),
  ) => ({
    indexChange,
    indexDirection,
    before: { index: before },
  });
  it('says up or down only when the likely ranges do not overlap', () => {
    expect(describeIndexChange(f(5.4, 'up'), ok)).toEqual({
      arrow: '↑',
      text: 'up 5 points since the previous period: a clear rise',
    });
    expect(describeIndexChange(f(-1, 'down'), ok).text).toBe('down 1 point since the previous period: a clear fall');
    expect(describeIndexChange(f(4, 'no_clear_change'), ok, { against: 'the previous 7 days' })).toEqual({
      arrow: null,
      text: 'no clear change since the previous 7 days (+4 points, within the likely range)',
    });
  });

  it('explains a missing comparison', () => {
    expect(describeIndexChange(f(null, null, tooFew), ok).text).toBe(
      'no comparison: the previous period had 12 scored posts, 30 needed',
    );
    expect(describeIndexChange(f(null, null), no, { sayReason: true }).text).toBe(no.reason);
    expect(describeIndexChange(f(null, null), no).text).toMatch(/see why above/);
  });
});

describe('topicThatMovedMost and previousLabel', () => {
  it('picks the largest change either way, and names the comparison period', () => {
    const t = (id: string, change: number | null) => ({
      id,
      name: id,
      total: 5,
      negative: 1,
      previousNegative: 0,
      negativeShare: null,
      previousNegativeShare: null,
      negativeShareChange: change,
    });
    expect(topicThatMovedMost([t('a', 3), t('b', -9), t('c', null)])?.id).toBe('b');
    expect(topicThatMovedMost([t('c', null)])).toBeNull();
    expect(previousLabel({ from: '2025-01-06', to: '2025-01-13' })).toBe('the previous 7 days');
    expect(previousLabel({ from: '2025-01-12', to: '2025-01-13' })).toBe('the day before');
  });
});

describe('shares and points', () => {
  it('formats shares and changes, with a dash for nothing', () => {
    expect(formatPercent(0.234)).toBe('23%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPointsChange(4.6)).toBe('+5 points');
    expect(formatPointsChange(-1)).toBe('\u22121 point');
    expect(formatPointsChange(null)).toBe('–');
  });
});

describe('sortTopicChanges', () => {
  const topic = (id: string, change: number | null, total = 10): OverviewResponse['topics'][number] => ({
    id,
    name: id,
    total,
    negative: 2,
    previousNegative: 2,
    negativeShare: null,
    previousNegativeShare: null,
    negativeShareChange: change,
  });

  it('ranks the largest rise in negative share first and topics without a comparison last', () => {
    const sorted = sortTopicChanges([topic('a', null, 50), topic('b', -3), topic('c', 8), topic('d', null, 90)]);
    expect(sorted.map((t) => t.id)).toEqual(['c', 'b', 'd', 'a']);
  });
});
