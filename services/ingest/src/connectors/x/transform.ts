import { z } from 'zod';
import { zPostDraft, type AuthorVoice, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

const zId = z.string().regex(/^\d{1,20}$/, 'must be a numeric post id');

/** The parts of an X v2 Post object we use (docs.x.com/x-api/fundamentals/data-dictionary). */
const zTweet = z.object({
  id: zId,
  text: z.string(),
  created_at: z.string().datetime({ offset: true }),
  edit_history_tweet_ids: z.array(zId).min(1),
  author_id: zId.optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).optional(),
  public_metrics: z
    .object({
      retweet_count: z.number().int().nonnegative().default(0),
      reply_count: z.number().int().nonnegative().default(0),
      like_count: z.number().int().nonnegative().default(0),
      quote_count: z.number().int().nonnegative().default(0),
    })
    .optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: zId })).optional(),
});

/** The envelope: posts are checked one by one, so one bad post never costs the page. */
const zSearchResponse = z.object({
  data: z.array(z.unknown()).default([]),
  includes: z
    .object({ users: z.array(z.unknown()).default([]) })
    .partial()
    .default({}),
  meta: z
    .object({
      newest_id: zId.optional(),
      oldest_id: zId.optional(),
      result_count: z.number(),
      next_token: z.string().optional(),
    })
    .partial()
    .default({}),
  /** Partial problems (a withheld author, an unavailable referenced post): never posts themselves. */
  errors: z.array(z.unknown()).optional(),
});
export type SearchResponse = z.infer<typeof zSearchResponse>;

export function parseSearchResponse(body: unknown): SearchResponse {
  const parsed = zSearchResponse.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `recent search answered an unexpected shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}

/** An author from `includes.users`: the handle for the link and pseudonym, and the voice judged from the profile. */
export interface XAuthor {
  username: string;
  voice: AuthorVoice;
}

const zUrlEntities = z.object({
  urls: z.array(z.object({ url: z.string().optional(), expanded_url: z.string().optional() })).default([]),
});

/**
 * The parts of an X v2 User object we use. `url` and links in `description` are t.co links: their
 * targets are in entities.url and entities.description.
 */
const zUser = z.object({
  id: zId,
  username: z.string().regex(/^\w{1,50}$/),
  name: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  entities: z.object({ url: zUrlEntities.optional(), description: zUrlEntities.optional() }).optional(),
});
type XUser = z.infer<typeof zUser>;

/** The bio with its t.co links put back to their targets, so "News from https://t.co/…" names the site. */
function expandedBio(u: XUser): string | undefined {
  let bio = u.description;
  for (const { url, expanded_url: target } of u.entities?.description?.urls ?? []) {
    if (bio && url && target) bio = bio.split(url).join(target);
  }
  return bio;
}

/**
 * Author id → username and voice, from `includes.users`; entries that do not parse are left out.
 * The description is read here and dropped: only the voice's matched words go further.
 */
export function authorsById(users: unknown[] | undefined): Map<string, XAuthor> {
  const out = new Map<string, XAuthor>();
  for (const u of users ?? []) {
    const p = zUser.safeParse(u);
    if (!p.success) continue;
    const expanded = (p.data.entities?.url?.urls ?? []).map((x) => x.expanded_url).filter((x) => x !== undefined);
    const voice = authorVoice({
      displayName: p.data.name,
      bio: expandedBio(p.data),
      handle: p.data.username,
      website: expanded.length > 0 ? expanded : p.data.url,
    });
    out.set(p.data.id, { username: p.data.username, voice });
  }
  return out;
}

/** X marks undetermined or language-free posts with `und`, `zxx` and q-codes (qme, qht…): no language. */
function language(lang: string | undefined): string | null {
  if (!lang || lang === 'und' || lang === 'zxx' || /^q[a-z]{2}$/.test(lang)) return null;
  return lang.length >= 2 && lang.length <= 8 ? lang : null;
}

/** v2 still HTML-escapes &, < and > in `text`. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export type TransformResult =
  | { ok: true; kind: 'post'; id: string; draft: PostDraft }
  | { ok: true; kind: 'retweet'; id: string }
  | { ok: false; id: string | null; reason: string };

export function transformTweet(
  raw: unknown,
  authors: Map<string, XAuthor>,
  pseudonymise: Pseudonymise,
): TransformResult {
  const parsed = zTweet.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : null;
    return {
      ok: false,
      id,
      reason: `not an X post: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  }
  const t = parsed.data;
  // A retweet amplifies its original; it is not a new post (quotes and replies are).
  if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) return { ok: true, kind: 'retweet', id: t.id };
  // An edit is a new post id; the first id of its history is the post's identity, the latest orders its versions.
  const originalId = t.edit_history_tweet_ids[0]!;
  const author = t.author_id ? authors.get(t.author_id) : undefined;
  const username = author?.username;
  const m = t.public_metrics;
  const draft = zPostDraft.safeParse({
    platform: 'x',
    externalId: originalId,
    url: username ? `https://x.com/${username}/status/${t.id}` : `https://x.com/i/web/status/${t.id}`,
    publishedAt: t.created_at,
    // Posts over 280 characters carry a truncated `text` and the whole of it in note_tweet.
    text: unescape(t.note_tweet?.text ?? t.text),
    lang: language(t.lang),
    authorPseudonym: username ? pseudonymise('x', username) : null,
    // No author in includes.users: nothing is known of the profile, so no voice is claimed.
    ...(author ? { authorVoice: author.voice } : {}),
    metrics: { reposts: m?.retweet_count ?? 0, likes: m?.like_count ?? 0, replies: m?.reply_count ?? 0 },
    synthetic: false,
    version: t.id === originalId ? '' : t.id.padStart(20, '0'),
  });
  if (!draft.success)
    return {
      ok: false,
      id: originalId,
      reason: `post ${t.id} is unusable: ${draft.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    };
  return { ok: true, kind: 'post', id: t.id, draft: draft.data };
}
