import { z } from 'zod';

/**
 * The first collection of a new source (or of a new query, hashtag or account within one): a
 * bounded history, newest first, so a team that adds a hashtag sees the day's conversation at once.
 * It stops at whichever comes first: `backfillHours` back from the moment it started, or
 * `backfillPages` pages (per query). Afterwards the source follows forward from the newest item the
 * first page saw, so nothing posted while the history was being read is missed or read twice.
 * Spread into the config of every type that can page back (Mastodon, X, Bluesky search, Reddit).
 */
export const backfillFields = {
  /** How far back the first collection reaches; 0 takes the newest page only. */
  backfillHours: z
    .number()
    .min(0)
    .max(24 * 7)
    .default(24),
  /** At most this many pages of history per query; 0 takes the newest page only. */
  backfillPages: z.number().int().min(0).max(100).default(10),
};

/** Carried in a query's cursor while its history is still being read. */
export const zBackfillState = z.object({
  /** Nothing older than this is asked for (ISO): the start of the window. */
  until: z.string().datetime({ offset: true }),
  /** Pages of history still allowed. */
  pagesLeft: z.number().int().min(0),
});
export type BackfillState = z.infer<typeof zBackfillState>;

export const readBackfill = (stored: unknown): BackfillState | undefined => zBackfillState.safeParse(stored).data;

/**
 * The state a new query starts with, after its first (newest) page has been read: null when the
 * config asks for no history, in which case that page is all.
 */
export function startBackfill(cfg: { backfillHours: number; backfillPages: number }, now: Date): BackfillState | null {
  if (cfg.backfillHours <= 0 || cfg.backfillPages <= 0) return null;
  return {
    until: new Date(now.getTime() - cfg.backfillHours * 3_600_000).toISOString(),
    // The first page is one of them.
    pagesLeft: cfg.backfillPages - 1,
  };
}

export interface BackfillStep {
  /** Go on to the next older page with this state, or stop (null). */
  next: BackfillState | null;
  /**
   * When the history stopped: from when it holds everything. The window's start if it was reached
   * (or the platform had nothing older); the oldest item read if the page limit came first.
   */
  coveredFrom: Date | null;
}

/**
 * After one page of history: whether to read an older one. `oldest` is the oldest item's time on the
 * page (null: the page was empty); `more` says the platform offers an older page.
 */
export function stepBackfill(state: BackfillState, page: { oldest: Date | null; more: boolean }): BackfillStep {
  const until = new Date(state.until);
  const reached = page.oldest === null || page.oldest.getTime() <= until.getTime() || !page.more;
  if (reached) return { next: null, coveredFrom: until };
  if (state.pagesLeft <= 0) return { next: null, coveredFrom: page.oldest };
  return { next: { until: state.until, pagesLeft: state.pagesLeft - 1 }, coveredFrom: null };
}

/** Of several queries' histories, the source holds everything since the latest of their starts. */
export function latestStart(starts: Array<Date | null | undefined>): Date | undefined {
  let latest: Date | undefined;
  for (const s of starts) if (s && (!latest || s > latest)) latest = s;
  return latest;
}

/**
 * Whether a cursor still carries a history being read (a backfill state anywhere in it: X's
 * `backfill`, Mastodon's and Reddit's `history`, Bluesky's per-stream state).
 */
export function cursorReadsHistory(cursor: unknown, depth = 0): boolean {
  if (cursor === null || typeof cursor !== 'object' || depth > 4) return false;
  if (readBackfill(cursor)) return true;
  return Object.values(cursor).some((v) => cursorReadsHistory(v, depth + 1));
}
