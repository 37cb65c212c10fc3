import { createHash } from 'node:crypto';
import type { PostDeletion } from '@lp/contracts/post';
import { AuthError, PermanentError } from '../../lib/errors';
import { watchlistTerms, type Watchlist } from '../../watchlist';
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
  /** Recent matched posts whose comments are re-read each poll, newest first. */
  watch?: Mark[];
}

export interface RedditCursor {
  subs: Record<string, SubCursor>;
  /** Items already quarantined: pages and threads are re-read, and a bad item is reported once. */
  quarantined?: string[];
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
 * Each poll reads one listing page per subreddit: the newest page for a new source (no history),
 * then newest-first `after` pages until it meets its cursor (a full page drains at once). Once a
 * subreddit is caught up, the comments of its recent matched posts are re-read: that is also where
 * edits and deletions of those posts show. Re-listed items are sent again; raw items dedupe them
 * by fullname and edit version, so only changes go through.
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
      const prev = (cursor as RedditCursor | null)?.subs ?? {};
      const knownBad = new Set((cursor as RedditCursor | null)?.quarantined ?? []);
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

      for (const sub of cfg.subreddits) {
        if (spent()) break;
        const key = sub.toLowerCase();
        const cur = prev[key] ?? {};
        const params: Record<string, string> = { limit: String(cfg.limit) };
        if (cur.drain) params.after = cur.drain.after;
        const path = query ? `/r/${sub}/search` : `/r/${sub}/new`;
        if (query) Object.assign(params, { q: query, sort: 'new', restrict_sr: '1', type: 'link' });
        const listing = readListing(await get(path, params), `r/${sub}`);

        let top = cur.drain?.top;
        let reached = cur.newest === undefined; // a new source takes the newest page only
        const fresh: Mark[] = [];
        const gone = new Set<string>();
        for (const child of listing.children) {
          const t = transformThing(child, deps.pseudonymise);
          collect(t);
          if (t.name === null || t.utc === null) continue;
          const mark = { utc: t.utc, name: t.name };
          if (!top || newer(mark, top)) top = mark;
          if (cur.newest && !newer(mark, cur.newest)) reached = true;
          if (t.kind === 'post') fresh.push(mark);
          if (t.kind === 'deleted') gone.add(t.name);
        }
        const watch = pickWatch([...fresh, ...(cur.watch ?? [])], gone, cfg, deps.now());
        if (!reached && listing.after && listing.children.length > 0 && top) {
          next[key] = { ...cur, drain: { after: listing.after, top }, watch };
          page.full = true;
          continue;
        }
        // Never backwards: the cursor's own item may have vanished from the listing (removed, or search lag).
        const newest = top && (!cur.newest || newer(top, cur.newest)) ? top : cur.newest;
        next[key] = { ...(newest ? { newest } : {}), watch: await readComments(watch) };
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
      const quarantined = [...newBad.reverse(), ...((cursor as RedditCursor | null)?.quarantined ?? [])];
      page.nextCursor = { subs: next, quarantined: quarantined.slice(0, QUARANTINE_MEMORY) } satisfies RedditCursor;
      if (spent()) page.pauseUntil = (window as RateWindow | null)?.resetAt ?? new Date(deps.now().getTime() + 60_000);
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
