import type { Bucket } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';

/**
 * Groups events by the chart bucket that contains their day: the last bucket starting on or
 * before it (for weeks, the Monday of its week). Events outside the buckets are left out.
 * `starts` must be ascending, as the trends API returns them.
 */
export function eventsByBucket(
  starts: readonly string[],
  bucket: Bucket,
  events: readonly Event[],
): Map<string, Event[]> {
  const out = new Map<string, Event[]>();
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (first === undefined || last === undefined) return out;
  const end = new Date(`${last}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + (bucket === 'week' ? 7 : 1));
  const endDay = end.toISOString().slice(0, 10);
  for (const event of events) {
    // ISO dates compare correctly as strings.
    if (event.day < first || event.day >= endDay) continue;
    let start = first;
    for (const s of starts) {
      if (s > event.day) break;
      start = s;
    }
    const list = out.get(start);
    if (list) list.push(event);
    else out.set(start, [event]);
  }
  return out;
}
