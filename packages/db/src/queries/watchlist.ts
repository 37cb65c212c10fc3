import { EMPTY_WATCHLIST, zWatchlist, type Watchlist } from '@lp/contracts/watchlist';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';
import { getOrCreateSetting, getSetting, putSetting } from './settings';

const KEY = 'watchlist';

/**
 * The watch list lives in Postgres, where every process reads it. The sources file's `watchlist:`
 * seeds it once (on the first start with none stored); after that the dashboard's copy wins.
 */
export async function seedWatchlist(db: Db, fromFile: Watchlist): Promise<void> {
  await getOrCreateSetting(db, KEY, () => JSON.stringify(fromFile));
}

export async function saveWatchlist(db: DbOrTx, watchlist: Watchlist): Promise<void> {
  await putSetting(db, KEY, JSON.stringify(watchlist));
}

export async function loadWatchlist(db: Db): Promise<Watchlist> {
  const raw = await getSetting(db, KEY);
  if (!raw) return EMPTY_WATCHLIST;
  const parsed = zWatchlist.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : EMPTY_WATCHLIST;
}
