import type { Watchlist } from '@lp/contracts/watchlist';

export { EMPTY_WATCHLIST, zWatchlist, type Watchlist } from '@lp/contracts/watchlist';
export { compileWatchlist } from '@lp/nlp/watchlist-match';

/** Search terms for platforms with keyword search: names, sites, wards and services as phrases, plus hashtags. */
export function watchlistTerms(w: Watchlist): string[] {
  return [...w.names, ...w.sites, ...w.wards, ...w.services, ...w.hashtags.map((h) => `#${h}`)];
}
