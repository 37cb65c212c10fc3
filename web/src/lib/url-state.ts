import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Bucket } from '@lp/contracts/api';
import { isIsoDate, lastDays } from './dates';

/** The dashboard's view. It lives in the query string so a view can be shared as a link. */
export type Filters = {
  from: string;
  /** Exclusive, like the API. */
  to: string;
  bucket: Bucket;
  topic: string | null;
};

export const DEFAULT_DAYS = 7;

/** Same rule as the API's topic ids; anything else in a hand-edited link is ignored. */
const TOPIC_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Reads filters from a query string. A missing or broken range falls back to the last 7 days,
 * so an old or mangled link still opens a working dashboard.
 */
export function parseFilters(search: string, now: Date = new Date()): Filters {
  const params = new URLSearchParams(search);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const range = isIsoDate(from) && isIsoDate(to) && from < to ? { from, to } : lastDays(DEFAULT_DAYS, now);
  const bucket = params.get('bucket') === 'week' ? 'week' : 'day';
  const topicParam = params.get('topic');
  const topic = topicParam && TOPIC_ID.test(topicParam) ? topicParam : null;
  return { ...range, bucket, topic };
}

/** Writes filters back into a query string, keeping any parameters the dashboard does not own. */
export function serializeFilters(filters: Filters, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  params.set('from', filters.from);
  params.set('to', filters.to);
  params.set('bucket', filters.bucket);
  if (filters.topic) params.set('topic', filters.topic);
  else params.delete('topic');
  const query = params.toString();
  return query ? `?${query}` : '';
}

// pushState fires no event, so the hook announces its own navigations on this one.
export const NAVIGATE_EVENT = 'lp:navigate';

export function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const getSearch = () => window.location.search;

/** Filters from the URL, and a setter that records each change as a history entry (Back undoes it). */
export function useFilters(): [Filters, (patch: Partial<Filters>) => void] {
  const search = useSyncExternalStore(subscribe, getSearch, getSearch);
  const filters = useMemo(() => parseFilters(search), [search]);

  const setFilters = useCallback(
    (patch: Partial<Filters>) => {
      const next = serializeFilters({ ...filters, ...patch }, window.location.search);
      if (next === window.location.search) return;
      window.history.pushState(null, '', `${window.location.pathname}${next}${window.location.hash}`);
      window.dispatchEvent(new Event(NAVIGATE_EVENT));
    },
    [filters],
  );

  return [filters, setFilters];
}
