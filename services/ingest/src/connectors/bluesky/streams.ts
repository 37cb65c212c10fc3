import { z } from 'zod';
import type { PostDraft } from '@lp/contracts/post';
import type { QuarantinedItem } from '@lp/db/queries/raw-items';
import { TransientError } from '../../lib/errors';
import type { Pseudonymise } from '../../lib/pseudonym';
import type { BlueskyClient } from './client';
import { isRepost, sortAt, transformPost } from './transform';
import type { RateLimit } from './xrpc';

/**
 * The search index takes posts a little out of order (a post is ordered by its createdAt, which
 * the author's client sets, but indexed when the firehose delivers it): asking again for the last
 * two minutes catches late arrivals; the repeats are dropped by the raw-items key.
 */
const SINCE_OVERLAP_MS = 120_000;
/** When a spent window (remaining 0) comes without a reset time. */
const DEFAULT_PAUSE_MS = 60_000;

const zStream = z.object({
  /** The newest post (or feed) time taken so far, ISO. */
  newest: z.string().datetime({ offset: true }),
  /** Mid-drain: the platform's cursor to the next older page, and the newest time seen in this drain. */
  pending: z.object({ cursor: z.string(), top: z.string().datetime({ offset: true }) }).optional(),
});
export type Stream = z.infer<typeof zStream>;

/** A stored stream that does not read (hand-edited, or from an older layout) starts afresh rather than fail forever. */
export const readStream = (stored: unknown): Stream | undefined => zStream.safeParse(stored).data;

export interface Collector {
  client: BlueskyClient;
  limit: number;
  pseudonymise: Pseudonymise;
  now: () => Date;
  add(draft: PostDraft): void;
  quarantine(item: QuarantinedItem): void;
  pause(until: Date): void;
}

export interface Step {
  stream: Stream;
  /** More newer items wait beyond this page. */
  more: boolean;
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

function finish(
  before: Stream | undefined,
  top: string | undefined,
  cursor: unknown,
  more: boolean,
  c: Collector,
): Step {
  // A new query or account takes its newest page only: a source does not backfill history.
  if (before && more && typeof cursor === 'string')
    return { stream: { newest: before.newest, pending: { cursor, top: top ?? before.newest } }, more: true };
  return { stream: { newest: top ?? c.now().toISOString() }, more: false };
}

/** searchPosts, newest first, down to `since`; within a drain the platform's cursor pages further back. */
export async function collectSearch(c: Collector, q: string, before: Stream | undefined): Promise<Step> {
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
  return finish(before, top, b.cursor, b.posts.length > 0, c);
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

/**
 * getAuthorFeed has no `since`: pages go back from the newest item until one at or before the
 * stored time shows the gap is closed. Reposts are amplification of someone else's post, not a
 * post of the watched account: they move the cursor but are not stored.
 */
export async function collectAuthorFeed(c: Collector, actor: string, before: Stream | undefined): Promise<Step> {
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
    if (isRepost(item)) continue;
    const post = (item as { post?: unknown } | null)?.post;
    if (post === undefined) c.quarantine({ externalId: null, reason: 'feed item without a post', payload: item });
    else take(c, post);
  }
  return finish(before, top, b.cursor, !reached && b.feed.length > 0, c);
}
