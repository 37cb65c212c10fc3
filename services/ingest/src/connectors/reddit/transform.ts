import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

const DELETED_AUTHOR = '[deleted]';
const GONE_TEXT = new Set(['[removed]', '[deleted]']);

/** `edited` is false, or the edit time in epoch seconds (a few very old things carry `true`). */
const zEdited = z.union([z.boolean(), z.number().nonnegative()]).optional().default(false);
const zFullname = (prefix: 't1' | 't3') =>
  z.string().regex(new RegExp(`^${prefix}_[0-9a-z]+$`), `a ${prefix}_ fullname`);

/** The author's flair in this subreddit ("Staff Nurse", "Band 6 physio"); null when they have none. */
const zFlair = z.string().nullable().optional();

const zLink = z.object({
  id: z.string().min(1),
  name: zFullname('t3'),
  title: z.string(),
  selftext: z.string().optional().default(''),
  author: z.string().min(1),
  created_utc: z.number().positive(),
  permalink: z.string().startsWith('/'),
  score: z.number().int().optional().default(0),
  num_comments: z.number().int().nonnegative().optional().default(0),
  num_crossposts: z.number().int().nonnegative().optional().default(0),
  edited: zEdited,
  author_flair_text: zFlair,
  removed_by_category: z.string().nullable().optional(),
  crosspost_parent: z.string().nullable().optional(),
});

const zComment = z.object({
  id: z.string().min(1),
  name: zFullname('t1'),
  body: z.string(),
  author: z.string().min(1),
  created_utc: z.number().positive(),
  permalink: z.string().startsWith('/'),
  score: z.number().int().optional().default(0),
  edited: zEdited,
  parent_id: z.string().min(1),
  author_flair_text: zFlair,
  removed_by_category: z.string().nullable().optional(),
});

/** What one listing child means for us. `utc` is kept even for unusable items so the cursor moves past them. */
export type Thing =
  | { kind: 'post'; name: string; utc: number; draft: PostDraft }
  | { kind: 'deleted'; name: string; utc: number }
  | { kind: 'crosspost'; name: string; utc: number }
  | { kind: 'bad'; name: string | null; utc: number | null; reason: string; payload: unknown };

const isoOf = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');

function draftOf(
  d: {
    name: string;
    created_utc: number;
    permalink: string;
    text: string;
    author: string;
    author_flair_text?: string | null;
    edited: boolean | number;
    metrics: PostDraft['metrics'];
  },
  pseudonymise: Pseudonymise,
) {
  const deleted = d.author === DELETED_AUTHOR;
  return zPostDraft.safeParse({
    platform: 'reddit',
    // The fullname (t3_…/t1_…) is unique across posts and comments, so both can be stored as posts.
    externalId: d.name,
    url: `https://www.reddit.com${d.permalink}`,
    publishedAt: isoOf(d.created_utc),
    text: d.text,
    // Reddit does not tag languages: the NLP worker detects them.
    lang: null,
    // Usernames are case-insensitive on Reddit: one person, one pseudonym.
    authorPseudonym: deleted ? null : pseudonymise('reddit', d.author.toLowerCase()),
    // The flair is the only profile a listing carries, and the username is no name: the voice is
    // judged from the flair alone (unseen without one). A deleted author has neither.
    ...(deleted ? {} : { authorVoice: authorVoice({ flair: d.author_flair_text }) }),
    metrics: d.metrics,
    synthetic: false,
    // `edited: true` has no time: it sorts above '' but below any real edit time.
    version: typeof d.edited === 'number' ? isoOf(d.edited) : d.edited ? '0' : '',
  });
}

/** One child of a Listing (`{ kind, data }`): a link (t3) or a comment (t1). */
export function transformThing(child: unknown, pseudonymise: Pseudonymise): Thing {
  const c = (child ?? {}) as { kind?: unknown; data?: Record<string, unknown> };
  const name = typeof c.data?.name === 'string' ? c.data.name : null;
  const utc = typeof c.data?.created_utc === 'number' ? c.data.created_utc : null;
  const bad = (reason: string): Thing => ({ kind: 'bad', name, utc, reason, payload: child });
  if (c.kind === 't3') {
    const p = zLink.safeParse(c.data);
    if (!p.success) return bad(`not a Reddit link: ${issues(p.error)}`);
    const l = p.data;
    if (l.removed_by_category || (l.author === DELETED_AUTHOR && GONE_TEXT.has(l.selftext)))
      return { kind: 'deleted', name: l.name, utc: l.created_utc };
    // A crosspost amplifies its parent: it is not a new post.
    if (l.crosspost_parent) return { kind: 'crosspost', name: l.name, utc: l.created_utc };
    const text = l.selftext ? `${l.title}\n\n${l.selftext}` : l.title;
    const metrics = { reposts: l.num_crossposts, likes: l.score, replies: l.num_comments };
    const d = draftOf({ ...l, text, metrics }, pseudonymise);
    if (!d.success) return bad(`link ${l.name} is unusable: ${issues(d.error)}`);
    return { kind: 'post', name: l.name, utc: l.created_utc, draft: d.data };
  }
  if (c.kind === 't1') {
    const p = zComment.safeParse(c.data);
    if (!p.success) return bad(`not a Reddit comment: ${issues(p.error)}`);
    const m = p.data;
    if (m.removed_by_category || (m.author === DELETED_AUTHOR && GONE_TEXT.has(m.body)))
      return { kind: 'deleted', name: m.name, utc: m.created_utc };
    const d = draftOf({ ...m, text: m.body, metrics: { reposts: 0, likes: m.score, replies: 0 } }, pseudonymise);
    if (!d.success) return bad(`comment ${m.name} is unusable: ${issues(d.error)}`);
    return { kind: 'post', name: m.name, utc: m.created_utc, draft: d.data };
  }
  return bad(`not a link or comment (kind ${JSON.stringify(c.kind ?? null)})`);
}

export interface ListingPage {
  children: unknown[];
  after: string | null;
}

/** `{ kind: 'Listing', data: { after, before, children } }`; anything else is the platform changing shape. */
export function readListing(body: unknown, what: string): ListingPage {
  const b = body as { kind?: unknown; data?: { after?: unknown; children?: unknown } } | null;
  if (b?.kind !== 'Listing' || !Array.isArray(b.data?.children)) throw new Error(`${what} did not return a Listing`);
  return { children: b.data.children, after: typeof b.data.after === 'string' ? b.data.after : null };
}

/**
 * A comment tree to a flat list: replies nest as Listings in `data.replies` ('' when none).
 * `more` stubs (comments not loaded) are dropped: they are not malformed, only not sent.
 */
export function flattenComments(children: unknown[]): unknown[] {
  const out: unknown[] = [];
  const walk = (list: unknown[]) => {
    for (const child of list) {
      const c = child as { kind?: unknown; data?: { replies?: unknown } } | null;
      if (c?.kind === 'more') continue;
      out.push(child);
      const replies = c?.data?.replies as { data?: { children?: unknown } } | undefined;
      if (replies && Array.isArray(replies.data?.children)) walk(replies.data.children);
    }
  };
  walk(children);
  return out;
}
