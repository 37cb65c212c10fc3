import { describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@lp/contracts/overview';
import {
  describeIndexChange,
  describeVolumeChange,
  formatIndex,
  formatPercent,
  formatPointsChange,
  formatSigned,
  notEnoughPosts,
  sortTopicChanges,
} from './overview-format';

const enough = (value: number, low: number, high: number) => ({ value, low, high, scored: 120, enough: true });
const tooFew = { value: null, low: null, high: null, scored: 12, enough: false };

describe('formatSigned', () => {
  it('signs whole numbers with a true minus and never shows −0', () => {
    expect(formatSigned(30.4)).toBe('+30');
    expect(formatSigned(-12.6)).toBe('\u221213');
    expect(formatSigned(-0.3)).toBe('0');
  });
});

describe('formatIndex', () => {
  it('writes the index with its 95% interval', () => {
    expect(formatIndex(enough(30, 15, 45))).toBe('+30 (95% CI +15 to +45)');
    expect(formatIndex(enough(-8, -20.2, 4))).toBe('\u22128 (95% CI \u221220 to +4)');
  });

  it('has nothing to show under 30 scored posts, and says so', () => {
    expect(formatIndex(tooFew)).toBeNull();
    expect(notEnoughPosts(tooFew)).toBe('Not enough posts (12 scored, 30 needed)');
  });
});

describe('describeVolumeChange', () => {
  it('puts the direction in words as well as an arrow', () => {
    expect(describeVolumeChange(0.123)).toEqual({ arrow: '↑', text: '12% more than the previous period' });
    expect(describeVolumeChange(-0.5)).toEqual({ arrow: '↓', text: '50% fewer than the previous period' });
    expect(describeVolumeChange(0.001).arrow).toBeNull();
    expect(describeVolumeChange(null).text).toMatch(/no posts in the previous period/);
  });
});

describe('describeIndexChange', () => {
  it('gives the change in points', () => {
    expect(describeIndexChange(5.4, enough(0, 0, 0))).toEqual({
      arrow: '↑',
      text: 'up 5 points since the previous period',
    });
    expect(describeIndexChange(-1, enough(0, 0, 0)).text).toBe('down 1 point since the previous period');
  });

  it('explains a missing comparison', () => {
    expect(describeIndexChange(null, tooFew).text).toBe(
      'no comparison: the previous period had 12 scored posts, 30 needed',
    );
  });
});

describe('shares and points', () => {
  it('formats shares and changes, with a dash for nothing', () => {
    expect(formatPercent(0.234)).toBe('23%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPointsChange(4.6)).toBe('+5 pts');
    expect(formatPointsChange(null)).toBe('–');
  });
});

describe('sortTopicChanges', () => {
  const topic = (id: string, change: number | null, total = 10): OverviewResponse['topics'][number] => ({
    id,
    name: id,
    total,
    negativeShare: null,
    previousNegativeShare: null,
    negativeShareChange: change,
  });

  it('ranks the largest rise in negative share first and topics without a comparison last', () => {
    const sorted = sortTopicChanges([topic('a', null, 50), topic('b', -3), topic('c', 8), topic('d', null, 90)]);
    expect(sorted.map((t) => t.id)).toEqual(['c', 'b', 'd', 'a']);
  });
});
