import { PermanentError } from '../../lib/errors';
import { watchlistTerms } from '../../watchlist';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { createBlueskyClient } from './client';
import { zBlueskyConfig } from './config';
import { collectAuthorFeed, collectSearch, readStream, type Collector, type Stream } from './streams';

type BlueskyCursor = {
  /** Per query: the newest post time seen (ISO) and, mid-drain, the searchPosts cursor to follow. */
  search: Record<string, Stream>;
  /** Per watched account: the newest feed time seen and, mid-drain, the getAuthorFeed cursor. */
  authors: Record<string, Stream>;
};

/** Bluesky search has no OR: each watch-list term is its own query, phrases quoted. */
export function queriesFor(query: string | undefined, terms: string[]): string[] {
  if (query) return [query];
  return terms.map((t) => t.replace(/"/g, '')).map((t) => (/\s/.test(t) ? `"${t}"` : t));
}

/**
 * Each poll asks every query and every watched account once: a new query or account takes its
 * newest page only (no history); afterwards each drains what is newer than its cursor, page by
 * page, and the page is `full` while any of them has more waiting.
 */
export const createBlueskyConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zBlueskyConfig.parse(source.config);
  const queries = queriesFor(cfg.query, watchlistTerms(deps.watchlist));
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      if (queries.length === 0 && cfg.accounts.length === 0)
        throw new PermanentError(
          'bluesky source has nothing to watch: set `query` or `accounts`, or add names or hashtags to the watch list',
        );
      const appPassword = deps.secrets.appPassword;
      if (!appPassword) throw new PermanentError('missing credentials: appPassword');
      const client = createBlueskyClient({
        sourceId: source.id,
        service: cfg.service,
        identifier: cfg.identifier.replace(/^@/, ''),
        appPassword,
        now: deps.now,
      });
      const prev = (cursor ?? {}) as { search?: Record<string, unknown>; authors?: Record<string, unknown> };
      const next: BlueskyCursor = { search: {}, authors: {} };
      const page: Page = { items: [], quarantined: [], nextCursor: next, full: false };
      const seen = new Set<string>();
      const collector: Collector = {
        client,
        limit: cfg.limit,
        pseudonymise: deps.pseudonymise,
        now: deps.now,
        add(draft) {
          // Two terms can match one post: one item per page.
          if (seen.has(draft.externalId)) return;
          seen.add(draft.externalId);
          page.items.push({ externalId: draft.externalId, draft });
        },
        quarantine: (item) => page.quarantined.push(item),
        pause(until) {
          page.pauseUntil = until;
        },
      };

      for (const q of queries) {
        const before = readStream(prev.search?.[q]);
        // Spent window: the rest keep their cursors and go on after the pause.
        if (page.pauseUntil) {
          if (before) next.search[q] = before;
          continue;
        }
        const r = await collectSearch(collector, q, before);
        next.search[q] = r.stream;
        if (r.more) page.full = true;
      }
      for (const actor of cfg.accounts) {
        const before = readStream(prev.authors?.[actor]);
        if (page.pauseUntil) {
          if (before) next.authors[actor] = before;
          continue;
        }
        const r = await collectAuthorFeed(collector, actor.replace(/^@/, ''), before);
        next.authors[actor] = r.stream;
        if (r.more) page.full = true;
      }
      return page;
    },
  };
};
