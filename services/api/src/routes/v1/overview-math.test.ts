import { describe, expect, it } from 'vitest';
import { negativeShare, previousPeriod, sentimentIndex } from './overview-math';

describe('sentiment index', () => {
  it('is 100 × (p+ − p−) with a normal-approximation 95% interval', () => {
    const idx = sentimentIndex({ positive: 50, neutral: 30, negative: 20 });
    expect(idx.value).toBeCloseTo(30, 9);
    // variance = (0.5 + 0.2 − 0.3²) / 100 = 0.0061; half-width = 1.96 × √0.0061 × 100 ≈ 15.308
    expect(idx.high! - idx.value!).toBeCloseTo(1.96 * Math.sqrt(0.0061) * 100, 9);
    expect(idx.value! - idx.low!).toBeCloseTo(15.308, 3);
    expect(idx).toMatchObject({ scored: 100, enough: true });
  });

  it('is not shown under 30 scored posts, and the interval stays within ±100', () => {
    expect(sentimentIndex({ positive: 20, neutral: 5, negative: 4 })).toEqual({
      value: null,
      low: null,
      high: null,
      scored: 29,
      enough: false,
    });
    const allPositive = sentimentIndex({ positive: 30, neutral: 0, negative: 0 });
    expect(allPositive).toMatchObject({ value: 100, high: 100, low: 100 });
  });

  it('compares with the period of equal length before', () => {
    expect(previousPeriod('2025-01-13', '2025-01-20')).toEqual({ from: '2025-01-06', to: '2025-01-13' });
    expect(previousPeriod('2025-03-30', '2025-04-01')).toEqual({ from: '2025-03-28', to: '2025-03-30' });
    expect(negativeShare({ positive: 1, neutral: 1, negative: 2 })).toBe(0.5);
    expect(negativeShare({ positive: 0, neutral: 0, negative: 0 })).toBeNull();
  });
});
