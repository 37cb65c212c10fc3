import { createHash } from 'node:crypto';
import type { PostDraft } from '@lp/contracts/post';
import { RateLimitedError, TransientError } from '../../lib/errors';
import type { Cursor, Page } from '../types';

/*
 * Facebook, LinkedIn and YouTube never say that a post or comment was deleted: it just stops being
 * listed. So these connectors re-list a recent window (default 48 hours) on every poll, as a "pass"
 * of listing requests (the page's posts, then each post's comments), and an item remembered from
 * the last complete pass that this pass did not list again is treated as deleted. Only a complete
 * pass judges: a pass cut short (by the per-poll request cap, a quota, or an error) carries on at
 * the next poll from its cursor, and nothing is judged until it ends. Paging by offset can skip an
 * item when another above it disappears mid-pass, so an item is deleted only when two complete passes
 * in a row miss it; a deletion shows one pass later, and a skip never deletes a live post.
 *
 * Re-listed items go to storage again each pass; raw items dedupe them by id and version, so
 * only new items and edits go through. Where a platform has no edit time (Facebook), a change of
 * text is the edit: the version becomes the time it was noticed, which sorts after the last one.
 */

/** An item stored from an earlier pass, remembered to notice edits and deletions. */
export interface Known {
  id: string;
  /** Published, epoch ms. */
  at: number;
  /** The post a comment belongs to; null for a post. */
  thread: string | null;
  /** A short hash of the text, to notice edits on platforms without an edit time. */
  h: string;
  /** The version stored. */
  v: string;
  /** Complete passes in a row that did not list it (absent when listed by the last one). */
  m?: number;
}

export interface Listed {
  externalId: string;
  draft: PostDraft;
  /**
   * The time the platform lists it by, when that is not its publication time (LinkedIn sorts and
   * pages by creation; a scheduled post is published later): what the window is judged on.
   */
  at?: number;
  /** The post this comment belongs to; null for a post. */
  thread: string | null;
}

export interface Bad {
  /** Remembered so that a bad item listed again each pass is quarantined once. */
  key: string;
  externalId: string | null;
  reason: string;
  payload: unknown;
}

export interface TaskResult<T> {
  items: Listed[];
  bad: Bad[];
  /** Posts whose comments this task finished listing (all pages, all replies). */
  threadsRead?: string[];
  /** Posts some of whose comments could not be read this pass (a malformed listing): not judged. */
  threadsUnread?: string[];
  /** Follow-up requests: the next page of this listing, each listed post's comments. */
  next: T[];
  /** The platform says to slow down (usage headers near their limit): end this poll, resume after. */
  pauseUntil?: Date;
}

interface Pass<T> {
  /** Posts published from here on are all listed by this pass: only they can be judged deleted. */
  windowStart: number;
  /** Where the listing reaches back to (earlier than windowStart after a long outage). */
  since: number;
  tasks: T[];
  seen: Known[];
  threads: string[];
  /** Calls made by this pass so far, across polls, failed ones included. */
  calls?: number;
  /** Failed attempts at the call at the head of the queue (see MAX_TRIES). */
  headTries?: number;
  /** A top-level listing was given up: nothing of this pass is judged. */
  incomplete?: boolean;
  unread?: string[];
}

export interface WindowCursor<T> {
  /** Items of the last complete pass (absent before the first one ends). */
  known?: Known[];
  /** The newest post's time seen so far (ms): after an outage longer than the window, the listing reaches back to it. */
  newestAt?: number;
  pass?: Pass<T>;
  quarantined?: string[];
  /** Items deleted for being missed (`at`: when): one listed again is stored anew (see relistWindow). */
  gone?: Array<{ id: string; at: number }>;
}

export interface RelistOptions<T> {
  cursor: Cursor | null;
  now: Date;
  windowHours: number;
  /** Requests one poll may make; the rest of the pass carries on at the next poll. */
  maxRequests: number;
  /** Calls left in a quota (YouTube), or null. */
  callsLeft: number | null;
  /** The first requests of a pass (each `run` is told how far back the pass reaches). */
  start: () => T[];
  /** One request; `since` is how far back this pass lists (epoch ms). */
  run: (task: T, since: number) => Promise<TaskResult<T>>;
  /** The post a comment listing reads (null for the top-level listing): what is left unjudged if it is given up. */
  threadOf: (task: T) => string | null;
  platform: string;
}

/** Complete passes in a row an item must be missing from before it is treated as deleted. */
export const MISSES_TO_DELETE = 2;

/**
 * A busy organisation page's 48 hours take a few dozen calls; a pass that needs far more (a platform
 * handing back the same page token for ever, say) is abandoned unjudged and a new one starts.
 */
export const MAX_CALLS_PER_PASS = 5_000;
const GONE_MAX = 5_000;
/** Deleted items are remembered this long, in case they are listed again. */
const GONE_KEEP_MS = 14 * 86_400_000;
/**
 * A call that fails with a temporary error this many times in a row is given up for this pass
 * (its post's comments left unjudged; a top-level listing leaves the whole pass unjudged), so one
 * listing the platform keeps refusing cannot hold the source up for good.
 */
export const MAX_TRIES = 3;

/** Enough to remember every item of a busy organisation page's window. */
const KNOWN_MAX = 20_000;
const QUARANTINE_MEMORY = 500;

export const textHash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 12);

/**
 * Items remembered from the last complete pass that this one did not list: posts published inside
 * its window, comments of posts whose comments it read whole, and comments of posts now missing.
 */
export function missing(known: Known[], pass: { windowStart: number; seen: Known[]; threads: string[] }): Known[] {
  const seen = new Set(pass.seen.map((k) => k.id));
  const read = new Set(pass.threads);
  const posts = known.filter((k) => k.thread === null && k.at >= pass.windowStart && !seen.has(k.id));
  const gonePosts = new Set(posts.map((k) => k.id));
  const comments = known.filter(
    (k) => k.thread !== null && !seen.has(k.id) && (read.has(k.thread) || gonePosts.has(k.thread)),
  );
  return [...posts, ...comments];
}

/**
 * After a complete pass: the items to delete (missed by MISSES_TO_DELETE passes in a row) and what
 * to remember (everything listed, the missing ones not yet deleted with their count, and comments
 * of listed posts this pass could not read).
 */
export function judge(
  known: Known[],
  pass: { windowStart: number; seen: Known[]; threads: string[] },
): { deleted: string[]; remember: Known[] } {
  const deleted: string[] = [];
  const still: Known[] = [];
  for (const k of missing(known, pass)) {
    const m = (k.m ?? 0) + 1;
    if (m >= MISSES_TO_DELETE) deleted.push(k.id);
    else still.push({ ...k, m });
  }
  // Comments of a post still listed whose comments this pass could not read (the listing failed or
  // the post went mid-pass) were not judged: remember them for the next pass to judge.
  const seen = new Set(pass.seen.map((k) => k.id));
  const read = new Set(pass.threads);
  const unjudged = known.filter(
    (k) => k.thread !== null && !seen.has(k.id) && !read.has(k.thread) && seen.has(k.thread),
  );
  return { deleted, remember: [...pass.seen, ...still, ...unjudged] };
}

/** The version to store: the platform's own edit time, else the time a change of text was first noticed. */
export function versionOf(draft: PostDraft, before: Known | undefined, now: Date): string {
  if (draft.version) return draft.version;
  if (!before || before.h === textHash(draft.text)) return before?.v ?? '';
  return now.toISOString();
}

/** One poll's share of the current pass (starting one when none is running). */
export async function relistWindow<T>(o: RelistOptions<T>): Promise<Page> {
  const prev = (o.cursor ?? {}) as WindowCursor<T>;
  const now = o.now.getTime();
  const windowStart = now - o.windowHours * 3_600_000;
  const pass: Pass<T> = prev.pass ?? {
    windowStart,
    since: Math.min(windowStart, prev.newestAt ?? windowStart),
    tasks: [],
    seen: [],
    threads: [],
  };
  if (!prev.pass) pass.tasks = o.start();

  const known = new Map((prev.known ?? []).map((k) => [k.id, k]));
  const inPass = new Map(pass.seen.map((k) => [k.id, k]));
  const reported = new Set(prev.quarantined ?? []);
  const newlyBad: string[] = [];
  const page: Page = {
    items: [],
    quarantined: [],
    nextCursor: {},
    full: false,
  };
  let newestAt = prev.newestAt;
  let calls = 0;
  let failed = false;
  // Deleted for being missed, and listed again (hidden then restored, or a false miss): the store
  // dedupes by version, so it comes back under a new one.
  const gone = new Map((prev.gone ?? []).map((g) => [g.id, g]));
  while (pass.tasks.length > 0 && calls < o.maxRequests && (o.callsLeft === null || calls < o.callsLeft)) {
    const task = pass.tasks[0]!;
    let result: TaskResult<T>;
    try {
      calls += 1;
      pass.calls = (pass.calls ?? 0) + 1;
      result = await o.run(task, pass.since);
    } catch (err) {
      calls -= 1;
      if (err instanceof RateLimitedError) {
        // What this poll already fetched is kept; the call is tried again after the wait.
        if (calls === 0) throw err;
        page.pauseUntil = err.retryAt;
        break;
      }
      if (!(err instanceof TransientError)) throw err; // stops the source, with the reason
      // A new pass failing at once is the platform being down: the poller's backoff says so.
      if (calls === 0 && !prev.pass) throw err;
      pass.headTries = (pass.headTries ?? 0) + 1;
      if (pass.headTries < MAX_TRIES) {
        failed = true;
        page.problem = `${(err as Error).message} (try ${pass.headTries} of ${MAX_TRIES} for this listing, then it is skipped this pass)`;
        page.pauseUntil = new Date(now + 60_000 * 2 ** pass.headTries);
        break;
      }
      // Given up for this pass: its comments unjudged, or (a top-level listing) the whole pass.
      pass.tasks.shift();
      pass.headTries = 0;
      const thread = o.threadOf(task);
      if (thread === null) pass.incomplete = true;
      else pass.unread = [...(pass.unread ?? []), thread];
      continue;
    }
    pass.headTries = 0;
    pass.tasks.shift();
    pass.tasks.push(...result.next);
    pass.threads.push(...(result.threadsRead ?? []));
    if (result.threadsUnread?.length) pass.unread = [...(pass.unread ?? []), ...result.threadsUnread];
    for (const item of result.items) {
      if (inPass.has(item.externalId)) continue; // listed twice in one pass (a page boundary moved)
      const before = known.get(item.externalId);
      const back = gone.has(item.externalId);
      const version = back ? o.now.toISOString() : versionOf(item.draft, before, o.now);
      gone.delete(item.externalId);
      const at = item.at ?? Date.parse(item.draft.publishedAt);
      const k: Known = { id: item.externalId, at, thread: item.thread, h: textHash(item.draft.text), v: version };
      inPass.set(k.id, k);
      pass.seen.push(k);
      page.items.push({ externalId: item.externalId, draft: { ...item.draft, version } });
      if (item.thread === null && (newestAt === undefined || at > newestAt)) newestAt = at;
    }
    for (const b of result.bad) {
      // An item stored before that no longer parses is still there: keep it, do not take it for deleted.
      const before = b.externalId ? known.get(b.externalId) : undefined;
      if (before && !inPass.has(before.id)) {
        inPass.set(before.id, before);
        pass.seen.push(before);
      }
      if (reported.has(b.key)) continue;
      reported.add(b.key);
      newlyBad.push(b.key);
      page.quarantined.push({ externalId: b.externalId, reason: b.reason, payload: b.payload });
    }
    if (result.pauseUntil) {
      page.pauseUntil = result.pauseUntil;
      break;
    }
  }
  // Only a quota charges calls (YouTube's units); other platforms do not bill reads.
  if (o.callsLeft !== null) page.reads = calls;

  const cursor: WindowCursor<T> = {
    ...(prev.known ? { known: prev.known } : {}),
    ...(newestAt !== undefined ? { newestAt } : {}),
    quarantined: [...newlyBad.reverse(), ...(prev.quarantined ?? [])].slice(0, QUARANTINE_MEMORY),
  };
  const merged = () => {
    const all = new Map([...(prev.known ?? []), ...pass.seen].map((k) => [k.id, k] as const));
    return [...all.values()].sort((a, b) => b.at - a.at).slice(0, KNOWN_MAX);
  };
  if (pass.tasks.length === 0 && !pass.incomplete) {
    const unread = new Set(pass.unread ?? []);
    const threads = pass.threads.filter((t) => !unread.has(t));
    const { deleted, remember } = judge(prev.known ?? [], { ...pass, threads });
    // Each deletion its own version: an item deleted, listed again and deleted again is two rows.
    page.deletions = deleted.map((externalId) => ({ platform: o.platform, externalId, version: o.now.toISOString() }));
    for (const id of deleted) gone.set(id, { id, at: now });
    cursor.known = remember.sort((a, b) => b.at - a.at).slice(0, KNOWN_MAX);
    // The first complete pass listed everything since its start: those hours count as covered.
    if (!prev.known) page.coveredFrom = new Date(pass.since);
  } else if (pass.tasks.length === 0 || (pass.calls ?? 0) >= MAX_CALLS_PER_PASS) {
    // Ended with a listing given up, or never ending: remember what it listed (for edits), judge
    // nothing, and start afresh at the next poll.
    cursor.known = merged();
  } else {
    cursor.pass = pass;
    // More of the pass is waiting: poll again at once, unless a quota or the platform says wait.
    page.full = !failed && !page.pauseUntil && (o.callsLeft === null || calls < o.callsLeft);
  }
  // Items deleted lately are remembered, in case they are listed again.
  const goneKept = [...gone.values()].filter((g) => g.at >= now - GONE_KEEP_MS);
  if (goneKept.length > 0) cursor.gone = goneKept.sort((a, b) => b.at - a.at).slice(0, GONE_MAX);
  page.nextCursor = cursor as Cursor;
  return page;
}
