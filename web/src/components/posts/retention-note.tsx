import type { Retention } from '@lp/contracts/retention';
import { formatBucketLong, londonDate } from '../../lib/dates';

type Props = {
  /** From the post list's answer; absent while it loads. */
  retention: Retention | undefined;
  /** The first day (`YYYY-MM-DD`) of the range on screen. */
  from: string;
  /** Search: older posts cannot be found by their words. */
  searching?: boolean;
};

/**
 * Says plainly, when the range on screen reaches past the retention period, that older posts are
 * figures only: counted everywhere, but without their text, link or author.
 */
export function RetentionNote({ retention, from, searching = false }: Props) {
  if (!retention) return null;
  const keptFrom = londonDate(new Date(retention.textKeptFrom));
  if (from >= keptFrom) return null;
  return (
    <p className="retention-note" data-testid="retention-note">
      Posts published before {formatBucketLong(keptFrom, 'day')} are kept as figures only: their text, link and author
      were removed after {retention.days} days (the retention period). They still count in every chart and table
      {searching ? ', but a search cannot find them' : ''}.
    </p>
  );
}
