import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Bucket, SentimentClass, VoiceFilter } from '@lp/contracts/api';
import { isIsoDate, lastDays } from './dates';
import { SENTIMENT_ORDER, VOICE_ORDER } from './format';

/** The dashboard's view. It lives in the query string so a view can be shared as a link. */
export type Filters = {
  from: string;
  /** Exclusive, like the API. */
  to: string;
  bucket: Bucket;
  /** One topic id, or several comma-separated (one trend series each), as in the API. */
  topic: string | null;
  source: string | null;
  sentiment: SentimentClass | null;
  lang: string | null;
  voice: VoiceFilter | null;
  /** 'true': only posts naming the organisation (watch list); 'false': only the others. */
  aboutUs: 'true' | 'false' | null;
};

/** The filters besides range, bucket and topic: every panel's API call carries them. */
export const SHARED_KEYS = ['source', 'sentiment', 'lang', 'voice', 'aboutUs'] as const;

/** The API's limit on topics at once. */
export const MAX_TOPICS = 5;

export const DEFAULT_DAYS = 7;

/** Same rule as the API's topic ids; anything else in a hand-edited link is ignored. */
const TOPIC_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const LANG = /^[a-z]{2,3}$/;

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | null =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;

/** Valid, distinct topic ids from a comma list (at most MAX_TOPICS), or null. */
function parseTopics(value: string | null): string | null {
  if (!value) return null;
  const ids = [...new Set(value.split(',').filter((id) => TOPIC_ID.test(id)))].slice(0, MAX_TOPICS);
  return ids.length ? ids.join(',') : null;
}

/** The chosen topic ids (empty: all topics). */
export const topicList = (topic: string | null): string[] => (topic ? topic.split(',') : []);

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
  const source = params.get('source');
  const lang = params.get('lang');
  return {
    ...range,
    bucket,
    topic: parseTopics(params.get('topic')),
    source: source && TOPIC_ID.test(source) ? source : null,
    sentiment: oneOf(params.get('sentiment'), SENTIMENT_ORDER),
    lang: lang && LANG.test(lang) ? lang : null,
    voice: oneOf(params.get('voice'), VOICE_ORDER),
    aboutUs: oneOf(params.get('aboutUs'), ['true', 'false'] as const),
  };
}

/** Writes filters back into a query string, keeping any parameters the dashboard does not own. */
export function serializeFilters(filters: Filters, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  params.set('from', filters.from);
  params.set('to', filters.to);
  params.set('bucket', filters.bucket);
  for (const key of ['topic', ...SHARED_KEYS] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
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
