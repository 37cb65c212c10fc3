import type { Comparison, IndexDirectionValue, OverviewResponse } from '@lp/contracts/overview';
import { countOrZero, formatCount } from '../../../lib/format';

/** The index as answered: its `scored` count withheld (null) for a viewer when under 10. */
type SentimentIndex = OverviewResponse['current']['index'];

/** The API's rule (issue 5): under this many scored posts the index is not shown. */
export const MIN_SCORED = 30;

const MINUS = '\u2212';

/** A whole number with an explicit sign and a true minus sign: `+30`, `−12`, `0`. */
export function formatSigned(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return `${rounded < 0 ? MINUS : '+'}${Math.abs(rounded)}`;
}

/**
 * `+30 (likely between +15 and +45)`, or null when there are too few scored posts to show the
 * index. The range is the 95% confidence interval, named in "How is this calculated?".
 */
export function formatIndex(index: SentimentIndex): string | null {
  if (!index.enough || index.value === null || index.low === null || index.high === null) return null;
  return `${formatSigned(index.value)} (likely between ${formatSigned(index.low)} and ${formatSigned(index.high)})`;
}

/** "the previous 7 days", "the day before", "the previous 30 days": what the change is measured against. */
export function previousLabel(previous: { from: string; to: string }): string {
  const days = Math.round(
    (Date.parse(`${previous.to}T00:00:00Z`) - Date.parse(`${previous.from}T00:00:00Z`)) / 86_400_000,
  );
  return days === 1 ? 'the day before' : `the previous ${days} days`;
}

export function notEnoughPosts(index: SentimentIndex): string {
  // A viewer's index is withheld whole when its split has a withheld count (README "No singling out").
  if (index.scored === null) return 'Not shown: it would reveal counts under 10';
  return `Not enough posts (${formatCount(index.scored)} scored, ${MIN_SCORED} needed)`;
}

export type Change = { arrow: '↑' | '↓' | null; text: string };

const NOT_COMPARED = 'not compared with the period before (see why above)';

/** Volume against the previous period, in words (the arrow only repeats them); the API's reason when not comparable. */
export function describeVolumeChange(
  change: number | null,
  comparison: Comparison,
  against = 'the previous period',
): Change {
  if (!comparison.comparable) return { arrow: null, text: comparison.reason ?? NOT_COMPARED };
  if (change === null) return { arrow: null, text: `no posts in ${against} to compare with` };
  const percent = Math.round(Math.abs(change) * 100);
  if (percent === 0) return { arrow: null, text: `about the same as ${against}` };
  return change > 0
    ? { arrow: '↑', text: `${percent}% more than ${against}` }
    : { arrow: '↓', text: `${percent}% fewer than ${against}` };
}

/**
 * The index's move since the previous period. "Up"/"down" only when the two likely ranges do not
 * overlap (the API's `indexDirection`); otherwise "no clear change", with the points for reference.
 * `reason` is said when the periods are not comparable (the headline); elsewhere a pointer to it.
 */
export function describeIndexChange(
  f: { indexChange: number | null; indexDirection: IndexDirectionValue; before: { index: SentimentIndex } },
  comparison: Comparison,
  opts: { against?: string; sayReason?: boolean } = {},
): Change {
  const against = opts.against ?? 'the previous period';
  if (!comparison.comparable)
    return { arrow: null, text: opts.sayReason ? (comparison.reason ?? NOT_COMPARED) : NOT_COMPARED };
  const change = f.indexChange;
  if (change === null || f.indexDirection === null) {
    return {
      arrow: null,
      text: f.before.index.enough
        ? `no comparison with ${against}`
        : f.before.index.scored === null
          ? `no comparison: the figures for ${against} would reveal counts under 10`
          : `no comparison: ${against} had ${formatCount(f.before.index.scored)} scored posts, ${MIN_SCORED} needed`,
    };
  }
  const points = Math.round(Math.abs(change));
  const unit = points === 1 ? 'point' : 'points';
  if (f.indexDirection === 'no_clear_change')
    return {
      arrow: null,
      text: `no clear change since ${against} (${formatSigned(change)} ${unit}, within the likely range)`,
    };
  return f.indexDirection === 'up'
    ? { arrow: '↑', text: `up ${points} ${unit} since ${against}: a clear rise` }
    : { arrow: '↓', text: `down ${points} ${unit} since ${against}: a clear fall` };
}

/** A share (0..1) as a whole percentage; an en dash when there is none. */
export function formatPercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

/** Percentage points with their sign, e.g. `+5 points`; an en dash when either period had nothing to compare. */
export function formatPointsChange(points: number | null): string {
  if (points === null) return '–';
  return `${formatSigned(points)} ${Math.abs(Math.round(points)) === 1 ? 'point' : 'points'}`;
}

type OverviewTopicRow = OverviewResponse['topics'][number];

/**
 * The topic that moved most: the largest change in negative share either way, when the periods
 * compare; otherwise none (the busiest topic is shown instead, said as such).
 */
export function topicThatMovedMost(topics: readonly OverviewTopicRow[]): OverviewTopicRow | null {
  let best: OverviewTopicRow | null = null;
  for (const t of topics) {
    if (t.negativeShareChange === null || t.total === 0) continue;
    if (!best || Math.abs(t.negativeShareChange) > Math.abs(best.negativeShareChange ?? 0)) best = t;
  }
  return best;
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
    return countOrZero(b.total) - countOrZero(a.total) || a.name.localeCompare(b.name);
  });
}
