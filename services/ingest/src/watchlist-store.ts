import type { Watchlist } from '@lp/contracts/watchlist';
import type { Db } from '@lp/db/client';
import { loadWatchlist } from '@lp/db/queries/watchlist';
import { compileWatchlist } from '@lp/nlp/watchlist-match';

/** The watch list from Postgres, re-read at most every `ttlMs`, so a dashboard edit applies without a restart. */
export function cachedWatchlist(db: Db, ttlMs: number): () => Promise<Watchlist> {
  let at = 0;
  let current: Promise<Watchlist> | null = null;
  return () => {
    if (!current || Date.now() - at > ttlMs) {
      at = Date.now();
      current = loadWatchlist(db).catch((err: unknown) => {
        current = null;
        throw err;
      });
    }
    return current;
  };
}

/** A matcher over the cached watch list, recompiled only when the list changes. */
export function cachedWatchlistMatcher(db: Db, ttlMs: number): () => Promise<(text: string) => string | null> {
  const read = cachedWatchlist(db, ttlMs);
  let compiledFor: Watchlist | null = null;
  let matcher: (text: string) => string | null = () => null;
  return async () => {
    const w = await read();
    if (w !== compiledFor) {
      matcher = compileWatchlist(w);
      compiledFor = w;
    }
    return matcher;
  };
}
