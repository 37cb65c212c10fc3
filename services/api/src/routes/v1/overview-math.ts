import type { SentimentIndex } from '@lp/contracts/overview';

/** Below this many scored posts the interval is too wide to be worth showing (the rule). */
export const MIN_SCORED = 30;

export function sentimentIndex(c: { positive: number; neutral: number; negative: number }): SentimentIndex {
  const n = c.positive + c.neutral + c.negative;
  if (n < MIN_SCORED) return { value: null, low: null, high: null, scored: n, enough: false };
  const pPos = c.positive / n;
  const pNeg = c.negative / n;
  const variance = (pPos + pNeg - (pPos - pNeg) ** 2) / n;
  const half = 1.96 * Math.sqrt(variance) * 100;
  const value = 100 * (pPos - pNeg);
  return { value, low: Math.max(-100, value - half), high: Math.min(100, value + half), scored: n, enough: true };
}

/** The period of equal length just before [from, to), in London calendar days. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / day);
  return { from: new Date(start - days * day).toISOString().slice(0, 10), to: from };
}

export function negativeShare(c: { positive: number; neutral: number; negative: number }): number | null {
  const n = c.positive + c.neutral + c.negative;
  return n === 0 ? null : c.negative / n;
}
