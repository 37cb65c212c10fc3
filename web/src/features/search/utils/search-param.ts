import { useCallback, useSyncExternalStore } from 'react';
import { SEARCH_MAX_LENGTH } from '@lp/contracts/search';
import { NAVIGATE_EVENT, subscribe } from '../../../lib/url-state';

/** The search lives in `?q=` beside the dashboard's filters, so a search can be shared as a link. */
export function parseSearchTerm(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').trim().slice(0, SEARCH_MAX_LENGTH);
}

/** The search string with `q` set (or removed when blank), keeping every other parameter. */
export function withSearchTerm(q: string, currentSearch: string): string {
  const params = new URLSearchParams(currentSearch);
  const term = q.trim();
  if (term) params.set('q', term);
  else params.delete('q');
  const query = params.toString();
  return query ? `?${query}` : '';
}

const getSearch = () => window.location.search;

/** The search term from the URL, and a setter that records each new search as a history entry. */
export function useSearchTerm(): [string, (q: string) => void] {
  const q = parseSearchTerm(useSyncExternalStore(subscribe, getSearch, getSearch));
  const setQ = useCallback((next: string) => {
    const search = withSearchTerm(next, window.location.search);
    if (search === window.location.search) return;
    window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
  }, []);
  return [q, setQ];
}
