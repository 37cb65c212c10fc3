import type { PostDraft } from '@lp/contracts/post';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { fetchFeed } from './client';
import { zRssConfig } from './config';
import { parseFeed } from './feed';
import { shortHash, transformEntry } from './transform';

/**
 * A new source stores the newest items the feed holds now, at most this many: news feeds carry
 * 10–50 items, but a podcast feed can list every episode since 2015, and that is history, not news.
 */
export const FIRST_POLL_MAX_ITEMS = 100;

/** Enough of a broken feed to see what the publisher sent, without storing megabytes of it. */
export const PAYLOAD_LIMIT = 64 * 1024;

export interface RssCursor {
  /** The feed these validators and items belong to: a source whose URL changes starts afresh. */
  url: string;
  etag: string | null;
  lastModified: string | null;
  /**
   * The items of the feed as last fetched: hashed key → hash of title and text. Absent until the
   * first feed has been read. Only the current feed's items are kept, so it stays as small as the feed.
   */
  seen?: Record<string, string>;
}

/**
 * One poll reads the whole feed (a feed is its own newest page): a 304 returns nothing, otherwise
 * items not seen before and items whose title or text changed since are returned.
 */
export const createRssConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zRssConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const stored = cursor as RssCursor | null;
      const prev = stored?.url === cfg.url ? stored : null;
      const res = await fetchFeed(
        cfg.url,
        prev ? { etag: prev.etag ?? null, lastModified: prev.lastModified ?? null } : null,
        deps.now,
      );
      const page: Page = { items: [], quarantined: [], nextCursor: cursor, full: false };
      if (res.notModified) return page;

      const parsed = parseFeed(res.body);
      if (!parsed.ok) {
        page.quarantined.push({
          externalId: null,
          reason: `feed ${cfg.url}: ${parsed.reason}`,
          payload: { url: cfg.url, contentType: res.contentType, body: res.body.slice(0, PAYLOAD_LIMIT) },
        });
        // Items seen stay as they were; the new validators mean this broken version is quarantined
        // once rather than on every poll, and the publisher's fix (a new ETag) is read at once.
        page.nextCursor = { ...prev, url: cfg.url, ...res.validators } satisfies RssCursor;
        return page;
      }

      const { feed } = parsed;
      const ctx = { feedUrl: cfg.url, kind: feed.kind, lang: feed.lang, author: feed.author, ...deps };
      const seen = prev?.seen ?? {};
      const nextSeen: Record<string, string> = {};
      const fresh: PostDraft[] = [];
      for (const entry of feed.entries) {
        const r = transformEntry(entry, ctx);
        const key = shortHash(r.key);
        if (key in nextSeen) continue; // the same item twice in one feed
        // A broken item is remembered by its whole payload, so any fix to it is read again.
        const hash = r.ok ? r.hash : `q:${shortHash(JSON.stringify(entry))}`;
        nextSeen[key] = hash;
        const before = seen[key];
        if (before === hash) continue;
        if (!r.ok) {
          page.quarantined.push({ externalId: r.id, reason: r.reason, payload: entry });
          continue;
        }
        // RSS has no edit marker: an item republished with another title or text gets a version
        // that sorts after anything stored before, so it replaces the stored post. Atom's own
        // `updated` is trusted when present.
        const edited = before !== undefined && !before.startsWith('q:');
        const version = r.draft.version || (edited ? `${deps.now().toISOString()}#${hash}` : '');
        fresh.push({ ...r.draft, version });
      }
      const first = prev?.seen === undefined;
      const kept = first
        ? [...fresh].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, FIRST_POLL_MAX_ITEMS)
        : fresh;
      page.items = kept.map((draft) => ({ externalId: draft.externalId, draft }));
      page.nextCursor = { url: cfg.url, ...res.validators, seen: nextSeen } satisfies RssCursor;
      return page;
    },
  };
};
