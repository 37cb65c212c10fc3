import { PermanentError } from '../../lib/errors';
import { watchlistTerms, type Watchlist } from '../../watchlist';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { searchRecent } from './client';
import { X_MIN_RESULTS, zXConfig, type XConfig } from './config';
import { authorsById, parseSearchResponse, transformTweet } from './transform';

/** Post ids are 64-bit snowflakes, beyond 2^53: compare them as BigInt. */
const maxId = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || BigInt(a) >= BigInt(b) ? a : b;

/** A snowflake carries its creation time (ms since X's epoch) above its low 22 bits. */
export const snowflakeTime = (id: string): Date => new Date(Number((BigInt(id) >> 22n) + 1_288_834_974_657n));

/** Recent search covers seven days and answers 400 to an older since_id; keep a margin for clock skew. */
const WINDOW_MS = 7 * 24 * 3_600_000;
const WINDOW_MARGIN_MS = 10 * 60_000;

export interface XCursor {
  /** The newest post id stored: the next drain reads posts after it. */
  sinceId?: string;
  /** A drain in progress: X pages newest to oldest, so since_id stays put until the last page. */
  nextToken?: string;
  /** The newest id of the drain in progress, which becomes since_id when it ends. */
  drainNewest?: string;
  /** Set instead of since_id when the cursor had fallen out of the seven-day window. */
  startTime?: string;
}

/** The configured query, or the watch list's terms as exact phrases and hashtags, OR-ed. */
export function buildQuery(cfg: XConfig, watchlist: Watchlist): string {
  let query = cfg.query;
  if (!query) {
    const terms = watchlistTerms(watchlist).map((t) => (t.startsWith('#') ? t : `"${t.replace(/"/g, '')}"`));
    if (terms.length === 0)
      throw new PermanentError('x source has no query and the watch list has no terms to search for');
    query = terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
  }
  if (query.length > cfg.maxQueryLength)
    throw new PermanentError(
      `x query is ${query.length} characters, over maxQueryLength ${cfg.maxQueryLength}: set a shorter query`,
    );
  return query;
}

/**
 * Recent search, newest first. With no cursor it reads the newest page only (no history); after
 * that each drain follows next_token from the newest post down to since_id, one page per poll.
 */
export const createXConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zXConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const prev = (cursor ?? {}) as XCursor;
      const query = buildQuery(cfg, deps.watchlist);
      const bearerToken = deps.secrets.bearerToken;
      if (!bearerToken) throw new PermanentError('missing credentials: bearerToken');

      // X bills each post read and will not serve fewer than 10: never ask for more than the budget left.
      const maxResults = Math.min(cfg.maxResults, deps.readsLeft ?? cfg.maxResults);
      if (maxResults < X_MIN_RESULTS) return { items: [], quarantined: [], nextCursor: cursor, full: false, reads: 0 };

      const now = deps.now().getTime();
      let c: XCursor = prev;
      if (prev.sinceId && !prev.startTime && snowflakeTime(prev.sinceId).getTime() < now - WINDOW_MS + WINDOW_MARGIN_MS)
        c = { startTime: new Date(now - WINDOW_MS + WINDOW_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      const resuming = c.sinceId !== undefined || c.startTime !== undefined;

      const res = await searchRecent(cfg.baseUrl, bearerToken, {
        query,
        maxResults,
        sinceId: c.sinceId,
        startTime: c.startTime,
        nextToken: c.nextToken,
      });
      const body = parseSearchResponse(res.body);
      const authors = authorsById(body.includes.users);
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false, reads: body.data.length };
      let newest = maxId(c.drainNewest, body.meta.newest_id);
      for (const raw of body.data) {
        const t = transformTweet(raw, authors, deps.pseudonymise);
        if (t.ok && t.kind === 'post') page.items.push({ externalId: t.draft.externalId, draft: t.draft });
        else if (!t.ok) page.quarantined.push({ externalId: t.id, reason: t.reason, payload: raw });
        if (t.id && /^\d{1,20}$/.test(t.id)) newest = maxId(newest, t.id);
      }

      if (resuming && body.meta.next_token) {
        page.nextCursor = { ...c, nextToken: body.meta.next_token, drainNewest: newest } satisfies XCursor;
        page.full = true;
      } else {
        const sinceId = newest ?? c.sinceId;
        page.nextCursor = (sinceId ? { sinceId } : {}) satisfies XCursor;
      }
      if (res.rateLimitRemaining === 0 && res.rateLimitReset) page.pauseUntil = res.rateLimitReset;
      return page;
    },
  };
};
