import { formatClock } from '../../lib/dates';

/** "updated hh:mm:ss" (London time) for the last successful fetch; nothing before the first one. */
export function UpdatedAt({ at }: { at: number }) {
  if (!at) return null;
  return (
    <span className="updated-at">
      updated <time dateTime={new Date(at).toISOString()}>{formatClock(at)}</time>
    </span>
  );
}
