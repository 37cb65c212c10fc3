import { z } from 'zod';
import type { PostDraft } from '@lp/contracts/post';
import type { QuarantinedItem } from '@lp/db/queries/raw-items';
import { TransientError } from '../../lib/errors';
import type { Pseudonymise } from '../../lib/pseudonym';
import { stepBackfill, zBackfillState, type BackfillState } from '../backfill/backfill';
import type { BlueskyClient } from './client';
import { isRepost, rawUri, sortAt, transformPost } from './transform';
import type { RateLimit } from './xrpc';

/**
 * The search index takes posts a little out of order (a post is ordered by its createdAt, which
 * the author's client sets, but indexed when the firehose delivers it): asking again for the last
 * two minutes catches late arrivals; the repeats are dropped by the raw-items key.
 */
const SINCE_OVERLAP_MS = 120_000;
/** When a spent window (remaining 0) comes without a reset time. */
const DEFAULT_PAUSE_MS = 60_000;

const zDateTime = z.string().datetime({ offset: true });

const zHistory = zBackfillState.extend({
  /**
   * searchPosts: the next older page is asked for posts before this time (its `until`, exclusive),
   * one millisecond after the oldest post taken, so a post sharing that millisecond is not lost.
   */
  before: zDateTime.optional(),
  /** searchPosts: the posts already taken at that oldest millisecond, not taken again. */
  edge: z.array(z.string()).optional(),
  /** getAuthorFeed: the platform's cursor to the next older page. */
  cursor: z.string().optional(),
});
type History = z.infer<typeof zHistory>;
type Resume = Pick<History, 'before' | 'edge' | 'cursor'>;

const zStream = z.object({
  /** The newest post (or feed) time taken so far, ISO: forward polling goes on from it. */
  newest: zDateTime,
  /** Mid-drain: the platform's cursor to the next older page, and the newest time seen in this drain. */
  pending: z.object({ cursor: z.string(), top: zDateTime }).optional(),
  /** A new query's or account's history in progress: one older page per poll, `newest` held meanwhile. */
  history: zHistory.optional(),
});
export type Stream = z.infer<typeof zStream>;

/** A stored stream that does not read (hand-edited, or from an older layout) starts afresh rather than fail forever. */
export const readStream = (stored: unknown): Stream | undefined => zStream.safeParse(stored).data;

export interface Collector {
  client: BlueskyClient;
  limit: number;
  pseudonymise: Pseudonymise;
  now: () => Date;
  /** The history a new query or account starts with after its newest page (null: that page only). */
  backfill: BackfillState | null;
  add(draft: PostDraft): void;
  quarantine(item: QuarantinedItem): void;
  pause(until: Date): void;
}

export interface Step {
  stream: Stream;
  /** More waits beyond this page: newer items of a drain, or older ones of a history. */
  more: boolean;
  /** A history ended on this page: the stream holds everything posted since then. */
  coveredFrom?: Date;
}

const later = (a: string | undefined, ms: number | null): string | undefined =>
  ms !== null && (a === undefined || ms > Date.parse(a)) ? new Date(ms).toISOString() : a;

function take(c: Collector, raw: unknown): void {
  const t = transformPost(raw, c.pseudonymise);
  if (t.ok) c.add(t.draft);
  else c.quarantine({ externalId: t.id, reason: t.reason, payload: raw });
}

function watchRate(c: Collector, rate: RateLimit): void {
  if (rate.remaining === 0) c.pause(rate.resetAt ?? new Date(c.now().getTime() + DEFAULT_PAUSE_MS));
}

/** The oldest time on a page and the posts at it: where a history's next page starts. */
function oldestOf(times: Array<{ at: number | null; uri: string | null }>): { at: number | null; uris: string[] } {
  let at: number | null = null;
  let uris: string[] = [];
  for (const t of times) {
    if (t.at === null) continue;
    if (at === null || t.at < at) [at, uris] = [t.at, []];
    if (t.at === at && t.uri) uris.push(t.uri);
  }
  return { at, uris };
}

/** A forward drain goes on while the platform offers a cursor; only its end moves the stored time. */
function finish(before: Stream, top: string | undefined, cursor: unknown, more: boolean): Step {
  if (more && typeof cursor === 'string')
    return { stream: { newest: before.newest, pending: { cursor, top: top ?? before.newest } }, more: true };
  return { stream: { newest: top ?? before.newest }, more: false };
}

/** After one page of a history (the newest page included): read an older one next poll, or stop. */
function goBack(
  newest: string,
  state: BackfillState,
  page: { oldest: number | null; more: boolean },
  resume: Resume,
): Step {
  const step = stepBackfill(state, { oldest: page.oldest === null ? null : new Date(page.oldest), more: page.more });
  if (step.next) return { stream: { newest, history: { ...step.next, ...resume } }, more: true };
  return { stream: { newest }, more: false, coveredFrom: step.coveredFrom ?? undefined };
}

/**
 * A new query's or account's first page is its newest, kept whole as without a history; its newest
 * time is where forward polling starts once the history (if the config asks for one) is read.
 */
function begin(
  c: Collector,
  top: string | undefined,
  page: { oldest: number | null; more: boolean },
  resume: Resume,
): Step {
  const newest = top ?? c.now().toISOString();
  if (!c.backfill) return { stream: { newest }, more: false };
  return goBack(newest, c.backfill, page, resume);
}

/** searchPosts, newest first, down to `since`; within a drain the platform's cursor pages further back. */
export async function collectSearch(c: Collector, q: string, before: Stream | undefined): Promise<Step> {
  if (before?.history) return searchHistory(c, q, before.newest, before.history);
  const { body, rate } = await c.client.query('app.bsky.feed.searchPosts', {
    q,
    sort: 'latest',
    since: before ? new Date(Date.parse(before.newest) - SINCE_OVERLAP_MS).toISOString() : undefined,
    cursor: before?.pending?.cursor,
    limit: String(c.limit),
  });
  watchRate(c, rate);
  const b = body as { posts?: unknown; cursor?: unknown } | null;
  if (!Array.isArray(b?.posts)) throw new TransientError('searchPosts answered without a list of posts');
  let top = before?.pending?.top ?? before?.newest;
  for (const raw of b.posts) {
    take(c, raw);
    top = later(top, sortAt(raw));
  }
  // Pages can come back short (the AppView drops blocked or removed posts), so only the cursor says "more".
  const more = b.posts.length > 0;
  if (before) return finish(before, top, b.cursor, more);
  const oldest = oldestOf(b.posts.map((raw: unknown) => ({ at: sortAt(raw), uri: rawUri(raw) })));
  return begin(
    c,
    top,
    { oldest: oldest.at, more: more && typeof b.cursor === 'string' },
    oldest.at === null ? {} : { before: new Date(oldest.at + 1).toISOString(), edge: oldest.uris },
  );
}

/**
 * One older page of a new query's history. It is asked afresh with `since` = the window's start and
 * `until` = just after the oldest post taken (rather than the first answer's cursor, which would
 * shift as new posts arrive), so the platform serves the window only and posts published meanwhile
 * are left to forward polling.
 */
async function searchHistory(c: Collector, q: string, newest: string, h: History): Promise<Step> {
  // A history state without its position cannot go on: forward polling takes over, with no coverage claimed.
  if (!h.before) return { stream: { newest }, more: false };
  const { body, rate } = await c.client.query('app.bsky.feed.searchPosts', {
    q,
    sort: 'latest',
    since: h.until,
    until: h.before,
    limit: String(c.limit),
  });
  watchRate(c, rate);
  const b = body as { posts?: unknown; cursor?: unknown } | null;
  if (!Array.isArray(b?.posts)) throw new TransientError('searchPosts answered without a list of posts');
  const taken = new Set(h.edge);
  const floor = Date.parse(h.until);
  const times = b.posts.map((raw: unknown) => ({ at: sortAt(raw), uri: rawUri(raw) }));
  b.posts.forEach((raw: unknown, i) => {
    const { at, uri } = times[i]!;
    // The boundary millisecond is asked again; what the previous page took there is not taken twice.
    if (uri && taken.has(uri)) return;
    // The platform's `since` should already leave these out: the history is the window, no more.
    if (at !== null && at < floor) return;
    take(c, raw);
  });
  const oldest = oldestOf(times);
  // A page wholly within the same millisecond makes no progress: its posts join the ones skipped.
  const edge = oldest.at !== null && oldest.at + 1 === Date.parse(h.before) ? [...taken, ...oldest.uris] : oldest.uris;
  return goBack(
    newest,
    h,
    { oldest: oldest.at, more: b.posts.length > 0 && typeof b.cursor === 'string' },
    oldest.at === null ? {} : { before: new Date(oldest.at + 1).toISOString(), edge: [...new Set(edge)] },
  );
}

/** A feed item's place in the feed: a repost sits at the time of the repost, a post at its own time. */
function feedTime(item: unknown): number | null {
  const i = item as { reason?: { indexedAt?: unknown }; post?: unknown } | null;
  if (isRepost(item) && typeof i?.reason?.indexedAt === 'string') {
    const t = Date.parse(i.reason.indexedAt);
    if (!Number.isNaN(t)) return t;
  }
  return sortAt(i?.post);
}

/** An account's own post is stored; a repost is amplification of someone else's post and is not. */
function takeFeedItem(c: Collector, item: unknown): void {
  if (isRepost(item)) return;
  const post = (item as { post?: unknown } | null)?.post;
  if (post === undefined) c.quarantine({ externalId: null, reason: 'feed item without a post', payload: item });
  else take(c, post);
}

/**
 * getAuthorFeed has no `since`: pages go back from the newest item until one at or before the
 * stored time shows the gap is closed. Reposts move the cursor but are not stored.
 */
export async function collectAuthorFeed(c: Collector, actor: string, before: Stream | undefined): Promise<Step> {
  if (before?.history) return feedHistory(c, actor, before.newest, before.history);
  const { body, rate } = await c.client.query('app.bsky.feed.getAuthorFeed', {
    actor,
    limit: String(c.limit),
    cursor: before?.pending?.cursor,
  });
  watchRate(c, rate);
  const b = body as { feed?: unknown; cursor?: unknown } | null;
  if (!Array.isArray(b?.feed)) throw new TransientError('getAuthorFeed answered without a feed');
  const boundary = before ? Date.parse(before.newest) : null;
  let top = before?.pending?.top ?? before?.newest;
  let reached = false;
  for (const item of b.feed) {
    const at = feedTime(item);
    // Equal times are taken again rather than risk losing a post stamped the same millisecond.
    if (boundary !== null && at !== null && at <= boundary) reached = true;
    if (boundary !== null && at !== null && at < boundary) continue;
    top = later(top, at);
    takeFeedItem(c, item);
  }
  if (before) return finish(before, top, b.cursor, !reached && b.feed.length > 0);
  const oldest = oldestOf(b.feed.map((item: unknown) => ({ at: feedTime(item), uri: null })));
  const more = b.feed.length > 0 && typeof b.cursor === 'string';
  return begin(c, top, { oldest: oldest.at, more }, more ? { cursor: b.cursor as string } : {});
}

/** One older page of a new account's history: the feed's own cursor pages back (it is keyed on time). */
async function feedHistory(c: Collector, actor: string, newest: string, h: History): Promise<Step> {
  if (!h.cursor) return { stream: { newest }, more: false };
  const { body, rate } = await c.client.query('app.bsky.feed.getAuthorFeed', {
    actor,
    limit: String(c.limit),
    cursor: h.cursor,
  });
  watchRate(c, rate);
  const b = body as { feed?: unknown; cursor?: unknown } | null;
  if (!Array.isArray(b?.feed)) throw new TransientError('getAuthorFeed answered without a feed');
  const floor = Date.parse(h.until);
  const times = b.feed.map((item: unknown) => ({ at: feedTime(item), uri: null }));
  b.feed.forEach((item: unknown, i) => {
    const at = times[i]!.at;
    // The last page of a history reaches past the window: those older items are not part of it.
    if (at === null || at >= floor) takeFeedItem(c, item);
  });
  const more = b.feed.length > 0 && typeof b.cursor === 'string';
  return goBack(newest, h, { oldest: oldestOf(times).at, more }, more ? { cursor: b.cursor as string } : {});
}
