import { describe, expect, it } from 'vitest';
import { judgeShare, judgeVolume, median, medianAbsoluteDeviation } from './robust-baseline';

const flat = (x: number, n = 8) => Array.from({ length: n }, () => x);
const weeks = (negative: number, scored: number, n = 8) => Array.from({ length: n }, () => ({ negative, scored }));

describe('median and MAD', () => {
  it('handles odd, even and empty inputs without reordering the caller’s array', () => {
    const xs = [4, 1, 3, 2];
    expect(median(xs)).toBe(2.5);
    expect(xs).toEqual([4, 1, 3, 2]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('gives the raw median absolute deviation', () => {
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(medianAbsoluteDeviation(flat(5))).toBe(0);
    expect(medianAbsoluteDeviation([])).toBeNaN();
  });
});

describe('judgeVolume', () => {
  it('does not fire on a flat history and the same value', () => {
    const j = judgeVolume(40, flat(40), 3, 10);
    expect(j.fires).toBe(false);
    expect(j.baseline).toBe(40);
    // MAD is 0, so the Poisson floor √40 sets the spread.
    expect(j.spread).toBeCloseTo(Math.sqrt(40), 10);
    expect(j.threshold).toBeCloseTo(40 + 3 * Math.sqrt(40), 10);
  });

  it('does not fire on one post more than a perfectly flat history', () => {
    expect(judgeVolume(41, flat(40), 3, 10).fires).toBe(false);
  });

  it('fires on a spike and says so in plain words', () => {
    const j = judgeVolume(142, flat(40), 3, 10);
    expect(j.fires).toBe(true);
    expect(j.reason).toBe('142 posts against a usual 40 (threshold 59)');
  });

  it('will not fire below the minimum volume however large the rise', () => {
    const j = judgeVolume(9, [2, 3, 1, 2, 2, 3, 2, 2], 3, 10);
    expect(j.value).toBeGreaterThan(j.threshold);
    expect(j.fires).toBe(false);
    expect(j.reason).toBe('9 posts, below the minimum volume of 10 posts');
  });

  it('lets the sensitivity decide a middling rise', () => {
    const samples = [40, 42, 38, 41, 39, 40, 43, 37];
    expect(judgeVolume(55, samples, 2, 10).fires).toBe(true);
    expect(judgeVolume(55, samples, 4, 10).fires).toBe(false);
  });

  it('uses the robust SD when the history is noisier than chance', () => {
    const j = judgeVolume(140, [20, 40, 60, 80, 100], 3, 10);
    expect(j.baseline).toBe(60);
    expect(j.spread).toBeCloseTo(1.4826 * 20, 10);
    expect(j.fires).toBe(false);
  });

  it('is not blinded by one wild week in the baseline', () => {
    const j = judgeVolume(80, [40, 40, 41, 39, 40, 40, 40, 400], 3, 10);
    expect(j.baseline).toBe(40);
    expect(j.fires).toBe(true);
  });

  it('never fires without a baseline', () => {
    const j = judgeVolume(500, [], 3, 10);
    expect(j.fires).toBe(false);
    expect(j.baseline).toBeNaN();
  });
});

describe('judgeShare', () => {
  const usual = weeks(20, 100);

  it('fires when the negative share jumps and not when it holds', () => {
    const up = judgeShare({ negative: 45, scored: 100 }, usual, 3, 10);
    expect(up.value).toBe(0.45);
    expect(up.baseline).toBe(0.2);
    expect(up.spread).toBeCloseTo(Math.sqrt((0.2 * 0.8) / 100), 10);
    expect(up.fires).toBe(true);
    expect(up.reason).toBe('45% negative of 100 scored posts against a usual 20% (threshold 32%)');
    expect(judgeShare({ negative: 25, scored: 100 }, usual, 3, 10).fires).toBe(false);
  });

  it('skips baseline weeks with nothing scored rather than counting them as 0%', () => {
    const samples = [...usual.slice(0, 3), ...weeks(0, 0, 5)];
    expect(judgeShare({ negative: 20, scored: 100 }, samples, 3, 10).baseline).toBe(0.2);
  });

  it('keeps a chance floor when the usual share is 0%, so one negative post does not page', () => {
    const none = weeks(0, 100);
    const j = judgeShare({ negative: 1, scored: 50 }, none, 3, 10);
    expect(j.spread).toBeCloseTo(Math.sqrt((0.02 * 0.98) / 50), 10);
    expect(j.fires).toBe(false);
  });

  it('needs the minimum number of scored posts', () => {
    const j = judgeShare({ negative: 5, scored: 5 }, usual, 3, 10);
    expect(j.value).toBe(1);
    expect(j.fires).toBe(false);
    expect(j.reason).toBe('5 scored posts, below the minimum volume of 10 scored posts');
  });

  it('treats a window with nothing scored as 0% and does not fire', () => {
    const j = judgeShare({ negative: 0, scored: 0 }, usual, 2, 1);
    expect(j.value).toBe(0);
    expect(j.fires).toBe(false);
  });
});
