/**
 * Decides whether one window is unusually high against the same window in earlier weeks. Median
 * and MAD rather than mean and SD, so one bad week in the baseline (an outage, a viral post) does
 * not drag the usual level or widen the band enough to hide the next real spike.
 */

export interface Judgement {
  value: number;
  baseline: number;
  spread: number;
  threshold: number;
  fires: boolean;
  reason: string;
}

// Scales a normal distribution's MAD to its standard deviation, so `sd` means what people expect.
const MAD_TO_SD = 1.4826;

// A share this close to 0 or 1 would give a near-zero chance floor and page on one extra post.
const SHARE_FLOOR_MIN = 0.02;
const SHARE_FLOOR_MAX = 0.98;

/** The middle value; NaN for no values. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Median absolute deviation from the median, unscaled; NaN for no values. */
export function medianAbsoluteDeviation(xs: number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

// Reasons are read in a chat message: whole numbers where they are whole, one decimal otherwise.
function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1).replace(/\.0$/, '');
}

function pct(share: number): string {
  return `${num(Math.round(share * 1000) / 10)}%`;
}

function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? '' : 's'}`;
}

function noBaseline(value: number): Judgement {
  return {
    value,
    baseline: NaN,
    spread: NaN,
    threshold: NaN,
    fires: false,
    reason: 'no earlier weeks to compare against',
  };
}

/** Judges a window's post count against the counts of the same window in earlier weeks. */
export function judgeVolume(value: number, samples: number[], sd: number, minVolume: number): Judgement {
  if (samples.length === 0) return noBaseline(value);
  const baseline = median(samples);
  const robustSd = MAD_TO_SD * medianAbsoluteDeviation(samples);
  // Counts of independent posts vary by about √mean by chance alone, however flat the history.
  const floor = Math.sqrt(Math.max(baseline, 1));
  const spread = Math.max(robustSd, floor);
  const threshold = baseline + sd * spread;
  const enough = value >= minVolume;
  const fires = enough && value > threshold;
  const reason = enough
    ? `${plural(value, 'post')} against a usual ${num(baseline)} (threshold ${num(threshold)})`
    : `${plural(value, 'post')}, below the minimum volume of ${plural(minVolume, 'post')}`;
  return { value, baseline, spread, threshold, fires, reason };
}

export interface ShareCounts {
  negative: number;
  scored: number;
}

/** Judges a window's share of negative posts against the shares of the same window in earlier weeks. */
export function judgeShare(window: ShareCounts, samples: ShareCounts[], sd: number, minVolume: number): Judgement {
  const value = window.scored > 0 ? window.negative / window.scored : 0;
  // A week with nothing scored has no share at all; counting it as 0% would drag the baseline down.
  const shares = samples.filter((s) => s.scored > 0).map((s) => s.negative / s.scored);
  if (shares.length === 0) return noBaseline(value);
  const baseline = median(shares);
  const robustSd = MAD_TO_SD * medianAbsoluteDeviation(shares);
  // A small window's share swings by the binomial standard error even when nothing has changed.
  const p = Math.min(Math.max(baseline, SHARE_FLOOR_MIN), SHARE_FLOOR_MAX);
  const floor = Math.sqrt((p * (1 - p)) / Math.max(window.scored, 1));
  const spread = Math.max(robustSd, floor);
  const threshold = baseline + sd * spread;
  const enough = window.scored >= minVolume;
  const fires = enough && value > threshold;
  const reason = enough
    ? `${pct(value)} negative of ${plural(window.scored, 'scored post')} against a usual ${pct(baseline)} (threshold ${pct(threshold)})`
    : `${plural(window.scored, 'scored post')}, below the minimum volume of ${plural(minVolume, 'scored post')}`;
  return { value, baseline, spread, threshold, fires, reason };
}
