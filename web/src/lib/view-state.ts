import { useCallback, useSyncExternalStore } from 'react';
import { NAVIGATE_EVENT, subscribe } from './url-state';

/** The dashboard's top-level views; the choice lives in `?view=` so it survives reloads and links. */
export const VIEWS = [
  'dashboard',
  'report',
  'labels',
  'alerts',
  'model',
  'sources',
  'watchlist',
  'users',
  'audit',
  'account',
  'accessibility',
] as const;
export type View = (typeof VIEWS)[number];

export function parseView(search: string): View {
  const v = new URLSearchParams(search).get('view');
  return (VIEWS as readonly (string | null)[]).includes(v) ? (v as View) : 'dashboard';
}

/** The search string for a view, keeping the dashboard's own filters. */
export function viewSearch(view: View, currentSearch: string): string {
  const params = new URLSearchParams(currentSearch);
  if (view === 'dashboard') params.delete('view');
  else params.set('view', view);
  // The report's week belongs to the report view only.
  if (view !== 'report') params.delete('week');
  const query = params.toString();
  return query ? `?${query}` : '';
}

const getSearch = () => window.location.search;

export function useView(): [View, (view: View) => void] {
  const view = parseView(useSyncExternalStore(subscribe, getSearch, getSearch));
  const setView = useCallback((next: View) => {
    const search = viewSearch(next, window.location.search);
    if (search === window.location.search) return;
    window.history.pushState(null, '', `${window.location.pathname}${search}`);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
  }, []);
  return [view, setView];
}
