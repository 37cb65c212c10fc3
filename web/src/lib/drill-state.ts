import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { SentimentClass } from '@lp/contracts/api';
import { addDays, isIsoDate } from './dates';
import { NAVIGATE_EVENT, subscribe } from './url-state';
import { canDrill } from './session';

/** What a drill-down shows: the posts behind one chart point or table row. `to` is exclusive, like the API. */
export type Drill = {
  from: string;
  to: string;
  sentiment: SentimentClass | null;
  topic: string | null;
  source: string | null;
};

// Separate `d*` parameters, so the dashboard's own filters and the drill-down never collide in a shared link.
const KEYS = { from: 'dfrom', to: 'dto', sentiment: 'dsentiment', topic: 'dtopic', source: 'dsource' } as const;
const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CLASSES: ReadonlySet<string> = new Set(['positive', 'neutral', 'negative', 'unscored']);

/** The drill-down in a query string, or null when there is none (or the link was mangled). */
export function parseDrill(search: string): Drill | null {
  const params = new URLSearchParams(search);
  const from = params.get(KEYS.from) ?? '';
  const to = params.get(KEYS.to) ?? '';
  if (!isIsoDate(from) || !isIsoDate(to) || from >= to) return null;
  const sentiment = params.get(KEYS.sentiment);
  const slug = (key: string) => {
    const value = params.get(key);
    return value && SLUG.test(value) ? value : null;
  };
  return {
    from,
    to,
    sentiment: sentiment && CLASSES.has(sentiment) ? (sentiment as SentimentClass) : null,
    topic: slug(KEYS.topic),
    source: slug(KEYS.source),
  };
}

/** Writes (or, given null, removes) the drill-down, keeping every other parameter. */
export function serializeDrill(drill: Drill | null, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  for (const key of Object.values(KEYS)) params.delete(key);
  if (drill) {
    params.set(KEYS.from, drill.from);
    params.set(KEYS.to, drill.to);
    if (drill.sentiment) params.set(KEYS.sentiment, drill.sentiment);
    if (drill.topic) params.set(KEYS.topic, drill.topic);
    if (drill.source) params.set(KEYS.source, drill.source);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The range of one trend bucket, cut to the dashboard's range (a week can start before it). */
export function bucketRange(start: string, bucket: 'day' | 'week', range: { from: string; to: string }) {
  const end = addDays(start, bucket === 'week' ? 7 : 1);
  return { from: start > range.from ? start : range.from, to: end < range.to ? end : range.to };
}

function navigate(drill: Drill | null) {
  const next = serializeDrill(drill, window.location.search);
  if (next === window.location.search) return;
  window.history.pushState(null, '', `${window.location.pathname}${next}${window.location.hash}`);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Opens the drill-down (a history entry, so Back closes it). */
export function openDrill(drill: Drill): void {
  // The posts behind a figure are the analyst's; for viewers a chart click does nothing.
  if (!canDrill()) return;
  navigate(drill);
}

export function closeDrill(): void {
  navigate(null);
}

const getSearch = () => window.location.search;

export function useDrill(): [Drill | null, () => void] {
  const search = useSyncExternalStore(subscribe, getSearch, getSearch);
  const drill = useMemo(() => parseDrill(search), [search]);
  return [drill, useCallback(() => closeDrill(), [])];
}
