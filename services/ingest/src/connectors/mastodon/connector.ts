import {
  latestStart,
  readBackfill,
  startBackfill,
  stepBackfill,
  type BackfillState,
  type BackfillStep,
} from '../backfill/backfill';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { fetchTagTimeline, type TagPage } from './client';
import { zMastodonConfig } from './config';
import { transformStatus } from './transform';

/** Snowflake-style ids are numeric strings longer than 2^53: compare them as BigInt. */
const maxId = (a: string | undefined, b: string): string => (a === undefined || BigInt(b) > BigInt(a) ? b : a);
const isId = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v);

interface TagHistory extends BackfillState {
  /** The next older page: statuses below this id. */
  maxId: string;
}

interface MastodonCursor {
  /** Per hashtag: the newest status id stored so far; forward polling goes on from it. */
  minIds: Record<string, string>;
  /** Per hashtag whose history is still being read: where its next older page starts, and the window. */
  history?: Record<string, TagHistory>;
  /**
   * A new source's finished histories: per hashtag, from when it holds everything (ISO). Once every
   * hashtag has one, the source counts as covered from the latest of them and this is dropped.
   */
  coveredFrom?: Record<string, string>;
}

function readHistory(stored: unknown): TagHistory | undefined {
  const state = readBackfill(stored);
  const at = state && (stored as { maxId?: unknown }).maxId;
  return state && isId(at) ? { ...state, maxId: at } : undefined;
}

/**
 * Polls each hashtag once per page.
 *
 * History on first collection: a new hashtag's first page is the newest; its newest status is where
 * forward polling later starts. Then, while its history lasts (`backfillHours` back, at most
 * `backfillPages` pages, or until nothing is older), each poll reads one older page with `max_id`
 * and asks to be polled again at once; the history is exactly the window (older statuses on its
 * last page are dropped; the first page is kept whole, as without history). A hashtag is not polled
 * forward while its history is read. When a new source's last history finishes, the hours since the
 * latest of their starts count as covered (backfilled); a hashtag added later reads its history
 * without that claim, and a stored cursor without history state goes on forward as before. A spent
 * rate window stops the poll; the history resumes after the reset.
 *
 * Forward: `min_id` returns the statuses immediately newer than the cursor, oldest gaps first, so
 * whatever was posted while the history was read arrives then, once.
 */
export const createMastodonConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zMastodonConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const stored = cursor as Partial<MastodonCursor> | null;
      const prev = stored?.minIds ?? {};
      const next: Record<string, string> = { ...prev };
      const history: Record<string, TagHistory> = {};
      for (const tag of cfg.hashtags) {
        const h = readHistory(stored?.history?.[tag]);
        if (h) history[tag] = h;
      }
      const now = deps.now();
      // Only a new source claims its window as covered: a hashtag added later reads its history too,
      // but the source's other hashtags were not collected over that window.
      const covered: Record<string, string> | undefined =
        cursor === null ? (startBackfill(cfg, now) ? {} : undefined) : stored?.coveredFrom && { ...stored.coveredFrom };
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false };

      /** Stores a page's statuses; returns the newest id seen and the oldest time of those kept or not. */
      const take = (res: TagPage, notBefore?: Date) => {
        let newest: string | undefined;
        let oldest: Date | null = null;
        for (const raw of res.statuses) {
          const t = transformStatus(raw, cfg.instance, deps.pseudonymise);
          if (t.ok) {
            newest = maxId(newest, t.id);
            const at = new Date(t.draft.publishedAt);
            if (!oldest || at < oldest) oldest = at;
            // The history's last page reaches past the window: those older statuses are not part of it.
            if (notBefore && at < notBefore) continue;
            page.items.push({ externalId: t.draft.externalId, draft: t.draft });
          } else {
            page.quarantined.push({ externalId: t.id, reason: t.reason, payload: raw });
            const id = (raw as { id?: unknown })?.id;
            if (isId(id)) newest = maxId(newest, id);
          }
        }
        return { newest, oldest };
      };
      const settle = (tag: string, step: BackfillStep, res: TagPage) => {
        if (step.next && isId(res.nextMaxId)) {
          history[tag] = { ...step.next, maxId: res.nextMaxId };
          page.full = true;
          return;
        }
        delete history[tag];
        if (covered && step.coveredFrom) covered[tag] = step.coveredFrom.toISOString();
      };
      const older = (res: TagPage) => res.statuses.length > 0 && res.nextMaxId !== null;

      for (const tag of cfg.hashtags) {
        const h = history[tag];
        let res: TagPage;
        if (h) {
          res = await fetchTagTimeline(cfg.instance, tag, { limit: cfg.limit, maxId: h.maxId });
          const { oldest } = take(res, new Date(h.until));
          settle(tag, stepBackfill(h, { oldest, more: older(res) }), res);
        } else {
          const since = prev[tag];
          res = await fetchTagTimeline(cfg.instance, tag, { limit: cfg.limit, minId: since });
          const seen = take(res);
          let newest = seen.newest === undefined ? since : maxId(since, seen.newest);
          if (isId(res.prevMinId)) newest = maxId(newest, res.prevMinId);
          if (newest !== undefined) next[tag] = newest;
          if (since === undefined) {
            // A new hashtag: this newest page is the first of its history, if the config asks for one.
            const start = startBackfill(cfg, now);
            if (start) settle(tag, stepBackfill(start, { oldest: seen.oldest, more: older(res) }), res);
          } else if (res.statuses.length >= cfg.limit) {
            // A full page after a cursor means more newer statuses wait.
            page.full = true;
          }
        }
        // The window is spent: stop here rather than collect a 429 on the next hashtag or poll; the
        // history state is kept and goes on once the window resets.
        if (res.rateLimitRemaining === 0 && res.rateLimitReset) {
          page.pauseUntil = res.rateLimitReset;
          break;
        }
      }

      const starts = covered && cfg.hashtags.map((tag) => covered[tag]);
      const done = starts?.every((s) => s !== undefined);
      // Once, when the last history finishes: the claim is dropped from the cursor with it.
      if (starts && done) page.coveredFrom = latestStart(starts.map((s) => new Date(s!)));
      page.nextCursor = {
        minIds: next,
        ...(Object.keys(history).length > 0 ? { history } : {}),
        ...(covered && !done ? { coveredFrom: covered } : {}),
      } satisfies MastodonCursor;
      return page;
    },
  };
};
