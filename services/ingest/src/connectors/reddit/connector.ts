import { createHash } from 'node:crypto';
import type { PostDeletion } from '@lp/contracts/post';
import { AuthError, PermanentError } from '../../lib/errors';
import { watchlistTerms, type Watchlist } from '../../watchlist';
import {
  latestStart,
  readBackfill,
  startBackfill,
  stepBackfill,
  type BackfillState,
  type BackfillStep,
} from '../backfill/backfill';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { createRedditClient, type RateWindow } from './client';
import { zRedditConfig, type RedditConfig } from './config';
import { flattenComments, readListing, transformThing, type Thing } from './transform';

interface Mark {
  utc: number;
  name: string;
}

interface SubCursor {
  /** The newest listed item already fetched. */
  newest?: Mark;
  /** Mid-drain: the next `after` to fetch, and the newest item of the drain (the cursor once it ends). */
  drain?: { after: string; top: Mark };
  /** Reading the subreddit's history, one older page per poll: the next page's `after`, and the window. */
  history?: BackfillState & { after: string };
  /** Recent matched posts whose comments are re-read each poll, newest first. */
  watch?: Mark[];
}

export interface RedditCursor {
  subs: Record<string, SubCursor>;
  /** Items already quarantined: pages and threads are re-read, and a bad item is reported once. */
  quarantined?: string[];
  /**
   * A new source's finished histories: per subreddit, from when it holds everything (ISO). Once every
   * subreddit has one, the source counts as covered from the latest of them and this is dropped.
   */
  coveredFrom?: Record<string, string>;
}

function readHistory(stored: unknown): SubCursor['history'] {
  const state = readBackfill(stored);
  const after = state && (stored as { after?: unknown }).after;
  return state && typeof after === 'string' && after !== '' ? { ...state, after } : undefined;
}

/** Enough to cover every item a poll can re-read (listing pages plus threads). */
const QUARANTINE_MEMORY = 500;

/** Fullnames grow with time, but created_utc is what listings sort on; a tie on time is a different item. */
const newer = (a: Mark, b: Mark) => a.utc > b.utc || (a.utc === b.utc && a.name !== b.name);

const MAX_QUERY = 512;

/** The source's query, or the watch list's terms OR-ed (Reddit has no hashtags: the bare word is searched). */
export function redditQuery(cfg: RedditConfig, watchlist: Watchlist): string | null {
  if (cfg.query) return cfg.query;
  if (cfg.allPosts) return null;
  let q = '';
  for (const term of watchlistTerms(watchlist)) {
    const bare = term.replace(/^#/, '').replace(/"/g, '');
    const part = /\s/.test(bare) ? `"${bare}"` : bare;
    const joined = q ? `${q} OR ${part}` : part;
    if (joined.length > MAX_QUERY) break;
    q = joined;
  }
  return q || null;
}

/**
 * Each poll reads one listing page per subreddit. A new subreddit's first page is the newest; its
 * newest item is the cursor. Then, while its history lasts (`backfillHours` back, at most
 * `backfillPages` pages, or until the listing ends), each poll reads one older page with the
 * listing's `after` and asks to be polled again at once; the history is exactly the window (older
 * items on its last page are dropped; the first page is kept whole, as without history). Afterwards
 * each poll reads newest-first `after` pages until it meets its cursor (a full page drains at once),
 * so whatever was posted while the history was read arrives then. Once a subreddit is caught up, the
 * comments of its recent matched posts are re-read: that is also where edits and deletions of those
 * posts show. Re-listed items are sent again; raw items dedupe them by fullname and edit version, so
 * only changes go through. A stored cursor without history state goes on forward as before.
 */
export const createRedditConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zRedditConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const clientSecret = deps.secrets.clientSecret;
      if (!clientSecret) throw new PermanentError('missing credentials: clientSecret');
      const client = createRedditClient(
        source.id,
        cfg.baseUrl,
        { authUrl: cfg.authUrl, clientId: cfg.clientId, clientSecret, userAgent: cfg.userAgent },
        deps.now,
      );
      const query = redditQuery(cfg, deps.watchlist);
      const now = deps.now();
      const stored = cursor as Partial<RedditCursor> | null;
      const prev = stored?.subs ?? {};
      // Only a new source claims its window as covered: a subreddit added later reads its history
      // too, but the source's other subreddits were not collected over that window.
      const covered: Record<string, string> | undefined =
        stored === null ? (startBackfill(cfg, now) ? {} : undefined) : stored.coveredFrom && { ...stored.coveredFrom };
      const knownBad = new Set(stored?.quarantined ?? []);
      const newBad: string[] = [];
      const next: Record<string, SubCursor> = { ...prev };
      const items = new Map<string, Page['items'][number]>();
      const deletions = new Map<string, PostDeletion>();
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false };
      let window: RateWindow | null = null;
      // Reddit counts every request; when the window is spent, stop and keep what was read.
      const spent = () => window?.remaining !== null && window?.remaining !== undefined && window.remaining < 1;
      const get = async (path: string, params: Record<string, string>) => {
        const res = await client.get(path, { ...params, raw_json: '1' });
        window = res.window;
        return res.body;
      };
      const collect = (t: Thing) => {
        if (t.kind === 'post') items.set(`${t.name}\0${t.draft.version}`, { externalId: t.name, draft: t.draft });
        else if (t.kind === 'deleted') deletions.set(t.name, { platform: 'reddit', externalId: t.name });
        else if (t.kind === 'bad') {
          const key = t.name ?? createHash('sha256').update(JSON.stringify(t.payload)).digest('hex').slice(0, 24);
          if (knownBad.has(key)) return;
          knownBad.add(key);
          newBad.push(key);
          page.quarantined.push({ externalId: t.name, reason: t.reason, payload: t.payload });
        }
      };

      /** The listing's things, transformed; `since` (epoch seconds) leaves out items older than it. */
      const read = (children: unknown[], since?: number) => {
        const fresh: Mark[] = [];
        const gone = new Set<string>();
        const marks: Mark[] = [];
        let oldest: number | null = null;
        for (const child of children) {
          const t = transformThing(child, deps.pseudonymise);
          if (t.utc !== null && (oldest === null || t.utc < oldest)) oldest = t.utc;
          // The history's last page reaches past the window: those older items are not part of it.
          if (since !== undefined && t.utc !== null && t.utc < since) continue;
          collect(t);
          if (t.name === null || t.utc === null) continue;
          marks.push({ utc: t.utc, name: t.name });
          if (t.kind === 'post') fresh.push({ utc: t.utc, name: t.name });
          if (t.kind === 'deleted') gone.add(t.name);
        }
        return { fresh, gone, marks, oldest: oldest === null ? null : new Date(oldest * 1000) };
      };
      /** After a page of history: the next older page (true), or the history is finished. */
      const goOn = (key: string, step: BackfillStep, after: string | null): boolean => {
        if (step.next && after) {
          next[key] = { ...next[key], history: { ...step.next, after } };
          page.full = true;
          return true;
        }
        if (covered && step.coveredFrom) covered[key] = step.coveredFrom.toISOString();
        return false;
      };
      const older = (l: { after: string | null; children: unknown[] }) => l.after !== null && l.children.length > 0;

      for (const sub of cfg.subreddits) {
        if (spent()) break;
        const key = sub.toLowerCase();
        const cur = prev[key] ?? {};
        const params: Record<string, string> = { limit: String(cfg.limit) };
        const path = query ? `/r/${sub}/search` : `/r/${sub}/new`;
        if (query) Object.assign(params, { q: query, sort: 'new', restrict_sr: '1', type: 'link' });
        const history = readHistory(cur.history);

        if (history) {
          const listing = readListing(await get(path, { ...params, after: history.after }), `r/${sub}`);
          const seen = read(listing.children, Date.parse(history.until) / 1000);
          const watch = pickWatch([...seen.fresh, ...(cur.watch ?? [])], seen.gone, cfg, now);
          next[key] = { ...(cur.newest ? { newest: cur.newest } : {}), watch };
          if (goOn(key, stepBackfill(history, { oldest: seen.oldest, more: older(listing) }), listing.after)) continue;
          next[key] = { ...next[key], watch: await readComments(watch) };
          continue;
        }

        if (cur.drain) params.after = cur.drain.after;
        const listing = readListing(await get(path, params), `r/${sub}`);
        const seen = read(listing.children);
        let top = cur.drain?.top;
        let reached = cur.newest === undefined; // a new subreddit starts at the newest page
        for (const mark of seen.marks) {
          if (!top || newer(mark, top)) top = mark;
          if (cur.newest && !newer(mark, cur.newest)) reached = true;
        }
        const watch = pickWatch([...seen.fresh, ...(cur.watch ?? [])], seen.gone, cfg, now);
        if (!reached && listing.after && listing.children.length > 0 && top) {
          next[key] = { ...cur, drain: { after: listing.after, top }, watch };
          page.full = true;
          continue;
        }
        // Never backwards: the cursor's own item may have vanished from the listing (removed, or search lag).
        const newest = top && (!cur.newest || newer(top, cur.newest)) ? top : cur.newest;
        next[key] = { ...(newest ? { newest } : {}), watch };
        if (cur.newest === undefined) {
          // A new subreddit: this newest page is the first of its history, if the config asks for one.
          const start = startBackfill(cfg, now);
          if (start && goOn(key, stepBackfill(start, { oldest: seen.oldest, more: older(listing) }), listing.after))
            continue;
        }
        next[key] = { ...next[key], watch: await readComments(watch) };
      }

      async function readComments(watch: Mark[]): Promise<Mark[]> {
        const kept: Mark[] = [];
        for (const [i, post] of watch.entries()) {
          if (spent()) return [...kept, ...watch.slice(i)];
          let body: unknown;
          try {
            body = await get(`/comments/${post.name.replace(/^t3_/, '')}`, {
              sort: 'new',
              limit: String(cfg.commentLimit),
            });
          } catch (err) {
            // A thread that is gone (404) is dropped, not a reason to stop the whole source.
            if (err instanceof PermanentError && !(err instanceof AuthError)) continue;
            throw err;
          }
          if (!Array.isArray(body) || body.length < 2) throw new Error(`comments of ${post.name} are not two Listings`);
          let alive = true;
          for (const child of readListing(body[0], `post ${post.name}`).children) {
            const t = transformThing(child, deps.pseudonymise);
            if (t.kind === 'deleted') alive = false;
            if (t.kind !== 'crosspost') collect(t);
          }
          for (const child of flattenComments(readListing(body[1], `comments of ${post.name}`).children))
            collect(transformThing(child, deps.pseudonymise));
          if (alive) kept.push(post);
        }
        return kept;
      }

      page.items = [...items.values()];
      page.deletions = [...deletions.values()];
      const quarantined = [...newBad.reverse(), ...(stored?.quarantined ?? [])];
      const starts = covered && cfg.subreddits.map((sub) => covered[sub.toLowerCase()]);
      const done = starts?.every((s) => s !== undefined);
      // Once, when the last history finishes: the claim is dropped from the cursor with it.
      if (starts && done) page.coveredFrom = latestStart(starts.map((s) => new Date(s!)));
      page.nextCursor = {
        subs: next,
        quarantined: quarantined.slice(0, QUARANTINE_MEMORY),
        ...(covered && !done ? { coveredFrom: covered } : {}),
      } satisfies RedditCursor;
      // The history state stays in the cursor and goes on once the window resets.
      if (spent()) page.pauseUntil = (window as RateWindow | null)?.resetAt ?? new Date(now.getTime() + 60_000);
      return page;
    },
  };
};

/** The newest matched posts still young enough to gather comments, without the ones now deleted. */
function pickWatch(marks: Mark[], gone: Set<string>, cfg: RedditConfig, now: Date): Mark[] {
  const since = now.getTime() / 1000 - cfg.commentHours * 3600;
  const seen = new Set<string>();
  return marks
    .filter((m) => m.name.startsWith('t3_') && m.utc >= since && !gone.has(m.name))
    .sort((a, b) => b.utc - a.utc)
    .filter((m) => (seen.has(m.name) ? false : (seen.add(m.name), true)))
    .slice(0, cfg.commentThreads);
}
