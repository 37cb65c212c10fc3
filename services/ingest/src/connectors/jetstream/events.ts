import { z } from 'zod';

/**
 * One Jetstream frame, as its README documents: `{ did, time_us, kind, commit? }` where a commit
 * is `{ rev, operation: create|update|delete, collection, rkey, record?, cid? }`. Other kinds
 * (identity, account) and other collections only move the cursor.
 */
const zCommit = z.object({
  rev: z.string().min(1).max(64),
  operation: z.enum(['create', 'update', 'delete']),
  collection: z.string(),
  rkey: z.string().min(1).max(512),
  record: z.unknown().optional(),
  cid: z.string().optional(),
});
const zFrame = z.object({
  did: z.string().startsWith('did:').max(2048),
  time_us: z.number().int().positive(),
  kind: z.string(),
  commit: z.unknown().optional(),
});

export const POST_COLLECTION = 'app.bsky.feed.post';

export type StreamEvent =
  | { kind: 'create'; timeUs: number; did: string; rkey: string; cid: string; record: unknown; uri: string }
  | { kind: 'delete'; timeUs: number; did: string; rkey: string; rev: string; uri: string }
  /** Another kind, collection or operation: nothing to store, but the stream has passed this time. */
  | { kind: 'other'; timeUs: number }
  /** Not a frame we can read: quarantined with the reason (with its time when it has one). */
  | { kind: 'malformed'; timeUs: number | null; reason: string };

const postUri = (did: string, rkey: string) => `at://${did}/${POST_COLLECTION}/${rkey}`;

/**
 * Text Postgres cannot keep in jsonb (a NUL, an unpaired surrogate) that any client may publish:
 * removed as the frame is read, so one odd post cannot stop the stream.
 */
export const storable = (s: string): string =>
  s
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export function parseFrame(data: string): StreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data, (_k, v: unknown) => (typeof v === 'string' ? storable(v) : v));
  } catch {
    return { kind: 'malformed', timeUs: null, reason: 'not JSON' };
  }
  const frame = zFrame.safeParse(json);
  if (!frame.success) {
    const t = (json as { time_us?: unknown } | null)?.time_us;
    return {
      kind: 'malformed',
      timeUs: typeof t === 'number' && Number.isSafeInteger(t) && t > 0 ? t : null,
      reason: `not a Jetstream event: ${frame.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  }
  const { did, time_us: timeUs, kind } = frame.data;
  if (kind !== 'commit') return { kind: 'other', timeUs };
  const commit = zCommit.safeParse(frame.data.commit);
  if (!commit.success) return { kind: 'malformed', timeUs, reason: 'a commit event without a readable commit' };
  const c = commit.data;
  if (c.collection !== POST_COLLECTION) return { kind: 'other', timeUs };
  if (c.operation === 'delete')
    return { kind: 'delete', timeUs, did, rkey: c.rkey, rev: c.rev, uri: postUri(did, c.rkey) };
  // Posts cannot be edited in the Bluesky app; an update from another client is taken as the post.
  if (!c.cid || c.record === undefined)
    return { kind: 'malformed', timeUs, reason: `a post ${c.operation} without its record or cid` };
  return { kind: 'create', timeUs, did, rkey: c.rkey, cid: c.cid, record: c.record, uri: postUri(did, c.rkey) };
}

/** The post's own words plus its tag facets and `tags` (hashtags a client may keep out of the text). */
export function searchableText(record: unknown): string | null {
  const r = record as { text?: unknown; tags?: unknown; facets?: unknown } | null;
  if (typeof r?.text !== 'string') return null;
  const tags = new Set<string>();
  if (Array.isArray(r.tags)) for (const t of r.tags) if (typeof t === 'string') tags.add(t);
  if (Array.isArray(r.facets))
    for (const f of r.facets as Array<{ features?: unknown }>)
      if (Array.isArray(f?.features))
        for (const feat of f.features as Array<{ $type?: unknown; tag?: unknown }>)
          if (feat?.$type === 'app.bsky.richtext.facet#tag' && typeof feat.tag === 'string') tags.add(feat.tag);
  return tags.size === 0 ? r.text : `${r.text}\n${[...tags].map((t) => `#${t}`).join(' ')}`;
}
