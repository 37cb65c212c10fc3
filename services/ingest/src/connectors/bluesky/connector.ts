import { PermanentError } from '../../lib/errors';
import { watchlistTerms } from '../../watchlist';
import { latestStart, startBackfill } from '../backfill/backfill';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { createBlueskyClient } from './client';
import { zBlueskyConfig } from './config';
import { collectAuthorFeed, collectSearch, readStream, type Collector, type Step, type Stream } from './streams';

type BlueskyCursor = {
  /** Per query: the newest post time seen (ISO) and, mid-drain or mid-history, where the next page starts. */
  search: Record<string, Stream>;
  /** Per watched account: the newest feed time seen and, mid-drain or mid-history, the getAuthorFeed cursor. */
  authors: Record<string, Stream>;
  /**
   * A new source's finished histories: per query (`search:<q>`) and account (`account:<actor>`),
   * from when it holds everything (ISO). Once every one has ended, the source counts as covered from
   * the latest of them and this is dropped.
   */
  coveredFrom?: Record<string, string>;
};

/** Bluesky search has no OR: each watch-list term is its own query, phrases quoted. */
export function queriesFor(query: string | undefined, terms: string[]): string[] {
  if (query) return [query];
  return terms.map((t) => t.replace(/"/g, '')).map((t) => (/\s/.test(t) ? `"${t}"` : t));
}

const readCovered = (stored: unknown): Record<string, string> | undefined =>
  stored && typeof stored === 'object'
    ? Object.fromEntries(Object.entries(stored).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : undefined;

/**
 * Each poll asks every query and every watched account once. A new query or account first reads
 * its history (its newest page, then one older page per poll, `backfillHours` back or
 * `backfillPages` pages); afterwards each drains what is newer than the newest post of that first
 * page, page by page, and the page is `full` while any of them has more waiting. A stored stream
 * without history state goes on forward as before.
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
      const prev = (cursor ?? {}) as Partial<Record<keyof BlueskyCursor, Record<string, unknown>>>;
      const backfill = startBackfill(cfg, deps.now());
      // Only a new source claims its window as covered: a query added later reads its history too,
      // but the hours before it was added were collected without it.
      const covered = cursor === null ? (backfill ? {} : undefined) : readCovered(prev.coveredFrom);
      const next: BlueskyCursor = { search: {}, authors: {} };
      const page: Page = { items: [], quarantined: [], nextCursor: next, full: false };
      const seen = new Set<string>();
      const collector: Collector = {
        client,
        limit: cfg.limit,
        pseudonymise: deps.pseudonymise,
        now: deps.now,
        backfill,
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
      const settle = (key: string, r: Step) => {
        if (r.more) page.full = true;
        if (covered && r.coveredFrom) covered[key] = r.coveredFrom.toISOString();
      };

      for (const q of queries) {
        const before = readStream(prev.search?.[q]);
        // Spent window: the rest keep their cursors (and histories) and go on after the pause.
        if (page.pauseUntil) {
          if (before) next.search[q] = before;
          continue;
        }
        const r = await collectSearch(collector, q, before);
        next.search[q] = r.stream;
        settle(`search:${q}`, r);
      }
      for (const actor of cfg.accounts) {
        const before = readStream(prev.authors?.[actor]);
        if (page.pauseUntil) {
          if (before) next.authors[actor] = before;
          continue;
        }
        const r = await collectAuthorFeed(collector, actor.replace(/^@/, ''), before);
        next.authors[actor] = r.stream;
        settle(`account:${actor}`, r);
      }

      if (covered) {
        const starts = [...queries.map((q) => `search:${q}`), ...cfg.accounts.map((a) => `account:${a}`)].map(
          (k) => covered[k],
        );
        // Once, when the last history ends: the claim leaves the cursor with it.
        if (starts.every((s) => s !== undefined)) page.coveredFrom = latestStart(starts.map((s) => new Date(s!)));
        else next.coveredFrom = covered;
      }
      return page;
    },
  };
};
