import { PermanentError } from '../../lib/errors';
import { watchlistTerms, type Watchlist } from '../../watchlist';
import { readBackfill, startBackfill, stepBackfill, type BackfillState } from '../backfill/backfill';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { searchRecent } from './client';
import { X_MIN_RESULTS, zXConfig, type XConfig } from './config';
import { authorsById, parseSearchResponse, transformTweet } from './transform';

/** Post ids are 64-bit snowflakes, beyond 2^53: compare them as BigInt. */
const maxId = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || BigInt(a) >= BigInt(b) ? a : b;
const minId = (a: string | undefined, b: string): string => (a === undefined || BigInt(b) < BigInt(a) ? b : a);

/** A snowflake carries its creation time (ms since X's epoch) above its low 22 bits. */
export const snowflakeTime = (id: string): Date => new Date(Number((BigInt(id) >> 22n) + 1_288_834_974_657n));

/** Recent search covers seven days and answers 400 to an older since_id; keep a margin for clock skew. */
const WINDOW_MS = 7 * 24 * 3_600_000;
const WINDOW_MARGIN_MS = 10 * 60_000;
/** A start_time set at that margin stays in use while it has half the margin left: a drain under it can finish. */
const STALE_MARGIN_MS = WINDOW_MARGIN_MS / 2;

/** X's start_time is to the second (YYYY-MM-DDTHH:mm:ssZ). */
const toSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface XCursor {
  /** The newest post id stored: the next drain reads posts after it. */
  sinceId?: string;
  /** A drain in progress: X pages newest to oldest, so since_id stays put until the last page. */
  nextToken?: string;
  /** The newest id of the drain (or history) in progress, which becomes since_id when it ends. */
  drainNewest?: string;
  /** Set instead of since_id when the cursor had fallen out of the seven-day window, or for a history. */
  startTime?: string;
  /**
   * A new source's history in progress: `nextToken` pages back under `startTime` = the window's
   * start, and `drainNewest` is the first page's newest post, where forward polling starts after it.
   */
  backfill?: BackfillState;
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
 * After a history (finished or cut short): forward from the first page's newest post, or from the
 * window's start if the window held none.
 */
const forwardFrom = (c: XCursor) =>
  c.drainNewest ? { sinceId: c.drainNewest } : c.startTime ? { startTime: c.startTime } : {};

/**
 * Recent search, newest first. A new source (no cursor) reads its history first: the newest page
 * with `start_time` = the window's start (so X serves, and bills, nothing older), then one older
 * page per poll with next_token until the window, `backfillPages` or the read budget ends it.
 * Forward polling then starts at the first page's newest post, so what was posted meanwhile is read
 * once. After that each drain follows next_token from the newest post down to since_id, one page
 * per poll. A stored cursor without history state goes on forward as before.
 */
export const createXConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zXConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const query = buildQuery(cfg, deps.watchlist);
      const bearerToken = deps.secrets.bearerToken;
      if (!bearerToken) throw new PermanentError('missing credentials: bearerToken');

      // X bills each post read and will not serve fewer than 10: never ask for more than the budget left.
      const maxResults = Math.min(cfg.maxResults, deps.readsLeft ?? cfg.maxResults);
      const now = deps.now().getTime();
      const windowStart = now - WINDOW_MS + WINDOW_MARGIN_MS;
      const stale = (startTime: string) => Date.parse(startTime) < now - WINDOW_MS + STALE_MARGIN_MS;
      let c: XCursor = (cursor ?? {}) as XCursor;
      let history = cursor === null ? startBackfill(cfg, deps.now()) : (readBackfill(c.backfill) ?? null);
      if (cursor === null && history) {
        // Recent search reaches back seven days only: a longer window is cut to what it can serve.
        history = { ...history, until: toSeconds(Math.max(Date.parse(history.until), windowStart)) };
        c = { startTime: history.until };
      } else if (history && (maxResults < X_MIN_RESULTS || !c.startTime || stale(c.startTime))) {
        // The budget ran out, or the history waited a week (its next_token is then out of reach): it
        // ends where it got to, without a coverage claim, and forward polling takes over.
        return { items: [], quarantined: [], nextCursor: forwardFrom(c), full: false, reads: 0 };
      }
      if (maxResults < X_MIN_RESULTS) return { items: [], quarantined: [], nextCursor: cursor, full: false, reads: 0 };

      if (!history && c.sinceId && !c.startTime && snowflakeTime(c.sinceId).getTime() < windowStart)
        c = { startTime: toSeconds(windowStart) };
      else if (!history && c.startTime && stale(c.startTime))
        c = { startTime: toSeconds(windowStart), drainNewest: c.drainNewest };
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
      let oldest: string | undefined;
      for (const raw of body.data) {
        const t = transformTweet(raw, authors, deps.pseudonymise);
        if (t.ok && t.kind === 'post') page.items.push({ externalId: t.draft.externalId, draft: t.draft });
        else if (!t.ok) page.quarantined.push({ externalId: t.id, reason: t.reason, payload: raw });
        if (t.id && /^\d{1,20}$/.test(t.id)) {
          newest = maxId(newest, t.id);
          oldest = minId(oldest, t.id);
        }
      }

      if (history) {
        // Every post read is billed: a history that would leave less than one request's worth stops here.
        const spent = deps.readsLeft !== null && deps.readsLeft - body.data.length < X_MIN_RESULTS;
        const step = stepBackfill(spent ? { ...history, pagesLeft: 0 } : history, {
          oldest: oldest === undefined ? null : snowflakeTime(oldest),
          more: body.meta.next_token !== undefined,
        });
        if (step.next && body.meta.next_token) {
          page.nextCursor = {
            startTime: c.startTime,
            nextToken: body.meta.next_token,
            drainNewest: newest,
            backfill: step.next,
          } satisfies XCursor;
          page.full = true;
        } else {
          page.nextCursor = forwardFrom({ ...c, drainNewest: newest }) satisfies XCursor;
          if (step.coveredFrom) page.coveredFrom = step.coveredFrom;
        }
      } else if (resuming && body.meta.next_token) {
        page.nextCursor = { ...c, nextToken: body.meta.next_token, drainNewest: newest } satisfies XCursor;
        page.full = true;
      } else {
        const sinceId = newest ?? c.sinceId;
        page.nextCursor = (sinceId ? { sinceId } : c.startTime ? { startTime: c.startTime } : {}) satisfies XCursor;
      }
      if (res.rateLimitRemaining === 0 && res.rateLimitReset) page.pauseUntil = res.rateLimitReset;
      return page;
    },
  };
};
