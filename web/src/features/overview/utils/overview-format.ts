import type { OverviewResponse, SentimentIndex } from '@lp/contracts/overview';

/** The API's rule (issue 5): under this many scored posts the index is not shown. */
export const MIN_SCORED = 30;

const MINUS = '\u2212';

/** A whole number with an explicit sign and a true minus sign: `+30`, `−12`, `0`. */
export function formatSigned(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return `${rounded < 0 ? MINUS : '+'}${Math.abs(rounded)}`;
}

/** `+30 (95% CI +15 to +45)`, or null when there are too few scored posts to show the index. */
export function formatIndex(index: SentimentIndex): string | null {
  if (!index.enough || index.value === null || index.low === null || index.high === null) return null;
  return `${formatSigned(index.value)} (95% CI ${formatSigned(index.low)} to ${formatSigned(index.high)})`;
}

export function notEnoughPosts(index: SentimentIndex): string {
  return `Not enough posts (${index.scored} scored, ${MIN_SCORED} needed)`;
}

export type Change = { arrow: '↑' | '↓' | null; text: string };

/** Volume against the previous period, in words (the arrow only repeats them). */
export function describeVolumeChange(change: number | null): Change {
  if (change === null) return { arrow: null, text: 'no posts in the previous period to compare with' };
  const percent = Math.round(Math.abs(change) * 100);
  if (percent === 0) return { arrow: null, text: 'about the same as the previous period' };
  return change > 0
    ? { arrow: '↑', text: `${percent}% more than the previous period` }
    : { arrow: '↓', text: `${percent}% fewer than the previous period` };
}

/** The index's move in points since the previous period, or why there is nothing to compare. */
export function describeIndexChange(change: number | null, before: SentimentIndex): Change {
  if (change === null) {
    return {
      arrow: null,
      text: before.enough
        ? 'no comparison with the previous period'
        : `no comparison: the previous period had ${before.scored} scored posts, ${MIN_SCORED} needed`,
    };
  }
  const points = Math.round(Math.abs(change));
  const unit = points === 1 ? 'point' : 'points';
  if (points === 0) return { arrow: null, text: 'no change since the previous period' };
  return change > 0
    ? { arrow: '↑', text: `up ${points} ${unit} since the previous period` }
    : { arrow: '↓', text: `down ${points} ${unit} since the previous period` };
}

/** A share (0..1) as a whole percentage; an en dash when there is none. */
export function formatPercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

/** Percentage points with their sign, e.g. `+5 pts`; an en dash when either period had nothing to compare. */
export function formatPointsChange(points: number | null): string {
  return points === null ? '–' : `${formatSigned(points)} pts`;
}

type OverviewTopic = OverviewResponse['topics'][number];

/** Largest rise in negative share first; topics without a comparison last, busiest first. */
export function sortTopicChanges(topics: readonly OverviewTopic[]): OverviewTopic[] {
  return [...topics].sort((a, b) => {
    if (a.negativeShareChange === null || b.negativeShareChange === null) {
      if (a.negativeShareChange !== b.negativeShareChange) return a.negativeShareChange === null ? 1 : -1;
    } else if (a.negativeShareChange !== b.negativeShareChange) {
      return b.negativeShareChange - a.negativeShareChange;
    }
    return b.total - a.total || a.name.localeCompare(b.name);
  });
}
