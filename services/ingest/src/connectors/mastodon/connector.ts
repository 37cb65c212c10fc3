import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { fetchTagTimeline } from './client';
import { zMastodonConfig } from './config';
import { transformStatus } from './transform';

/** Snowflake-style ids are numeric strings longer than 2^53: compare them as BigInt. */
const maxId = (a: string | undefined, b: string): string => (a === undefined || BigInt(b) > BigInt(a) ? b : a);

interface MastodonCursor {
  /** Per hashtag: the newest status id stored so far. */
  minIds: Record<string, string>;
}

/**
 * Polls each hashtag once per page. With no cursor it takes the newest page only (no history);
 * afterwards `min_id` returns the statuses immediately newer than the cursor, oldest gaps first.
 */
export const createMastodonConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zMastodonConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const prev = (cursor as MastodonCursor | null)?.minIds ?? {};
      const next: Record<string, string> = { ...prev };
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false };
      for (const tag of cfg.hashtags) {
        const since = prev[tag];
        const res = await fetchTagTimeline(cfg.instance, tag, { limit: cfg.limit, minId: since });
        let newest: string | undefined = since;
        for (const raw of res.statuses) {
          const t = transformStatus(raw, cfg.instance, deps.pseudonymise);
          if (t.ok) {
            page.items.push({ externalId: t.draft.externalId, draft: t.draft });
            newest = maxId(newest, t.id);
          } else {
            page.quarantined.push({ externalId: t.id, reason: t.reason, payload: raw });
            const id = (raw as { id?: unknown })?.id;
            if (typeof id === 'string' && /^\d+$/.test(id)) newest = maxId(newest, id);
          }
        }
        if (res.prevMinId && /^\d+$/.test(res.prevMinId)) newest = maxId(newest, res.prevMinId);
        if (newest !== undefined) next[tag] = newest;
        // The window is spent: stop here rather than collect a 429 on the next hashtag or poll.
        if (res.rateLimitRemaining === 0 && res.rateLimitReset) {
          page.pauseUntil = res.rateLimitReset;
          break;
        }
        // A full page after a cursor means more newer statuses wait; the first page of a new source never backfills.
        if (since !== undefined && res.statuses.length >= cfg.limit) page.full = true;
      }
      page.nextCursor = { minIds: next };
      return page;
    },
  };
};
