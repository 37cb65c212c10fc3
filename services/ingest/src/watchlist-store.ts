import type { Db } from '@lp/db/client';
import { getSetting, putSetting } from '@lp/db/queries/settings';
import { compileWatchlist, EMPTY_WATCHLIST, zWatchlist, type Watchlist } from './watchlist';

const KEY = 'watchlist';

/** The file's watch list goes to Postgres so NLP-only processes (without the file) match it too. */
export async function saveWatchlist(db: Db, watchlist: Watchlist): Promise<void> {
  await putSetting(db, KEY, JSON.stringify(watchlist));
}

export async function loadWatchlist(db: Db): Promise<Watchlist> {
  const raw = await getSetting(db, KEY);
  if (!raw) return EMPTY_WATCHLIST;
  const parsed = zWatchlist.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : EMPTY_WATCHLIST;
}

/** A matcher refreshed from Postgres at most every `ttlMs`, so an edited watch list applies without a restart. */
export function cachedWatchlistMatcher(db: Db, ttlMs: number): () => Promise<(text: string) => string | null> {
  let at = 0;
  let matcher: (text: string) => string | null = () => null;
  return async () => {
    if (Date.now() - at > ttlMs) {
      matcher = compileWatchlist(await loadWatchlist(db));
      at = Date.now();
    }
    return matcher;
  };
}
