import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

const zDateTime = z.string().datetime({ offset: true });
const zCount = z.number().int().nonnegative().optional().default(0);

/** The parts of app.bsky.feed.defs#postView we use (the lexicon in bluesky-social/atproto). */
const zPostView = z.object({
  uri: z
    .string()
    .regex(/^at:\/\/did:[^/]+\/app\.bsky\.feed\.post\/[^/]+$/, 'must be at://<did>/app.bsky.feed.post/<rkey>'),
  cid: z.string().min(1),
  // app.bsky.actor.defs#profileViewBasic: no description (bio) in search results or feeds.
  author: z.object({ did: z.string().startsWith('did:'), handle: z.string(), displayName: z.string().optional() }),
  record: z.object({
    $type: z.literal('app.bsky.feed.post'),
    text: z.string(),
    createdAt: zDateTime,
    langs: z.array(z.string()).optional(),
  }),
  replyCount: zCount,
  repostCount: zCount,
  likeCount: zCount,
  quoteCount: zCount,
  indexedAt: zDateTime,
});

/** langs holds BCP-47 tags ("en-GB", "zh-Hant"): the NLP keys on the primary language subtag. */
export function primaryLang(langs: string[] | undefined): string | null {
  const tag = langs?.[0]?.split('-')[0]?.toLowerCase();
  return tag && /^[a-z]{2,3}$/.test(tag) ? tag : null;
}

/**
 * Where the AppView orders a post in search results and feeds, and what `since` compares with:
 * the earlier of createdAt and indexedAt, so a post dated in the future cannot jump the queue.
 */
export function sortAt(raw: unknown): number | null {
  const p = raw as { indexedAt?: unknown; record?: { createdAt?: unknown } } | null;
  const times = [p?.indexedAt, p?.record?.createdAt]
    .map((t) => (typeof t === 'string' ? Date.parse(t) : NaN))
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.min(...times) : null;
}

export const rawUri = (raw: unknown): string | null => {
  const uri = (raw as { uri?: unknown } | null)?.uri;
  return typeof uri === 'string' && uri.length > 0 ? uri.slice(0, 512) : null;
};

export type TransformResult = { ok: true; draft: PostDraft } | { ok: false; id: string | null; reason: string };

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');

export function transformPost(raw: unknown, pseudonymise: Pseudonymise): TransformResult {
  const parsed = zPostView.safeParse(raw);
  if (!parsed.success)
    return { ok: false, id: rawUri(raw), reason: `not a Bluesky post view: ${issues(parsed.error)}` };
  const p = parsed.data;
  const rkey = p.uri.slice(p.uri.lastIndexOf('/') + 1);
  const draft = zPostDraft.safeParse({
    platform: 'bluesky',
    // The at:// URI names the record in its author's repository: the same post through any AppView.
    externalId: p.uri,
    url: `https://bsky.app/profile/${p.author.did}/post/${encodeURIComponent(rkey)}`,
    publishedAt: new Date(p.record.createdAt).toISOString(),
    text: p.record.text,
    lang: primaryLang(p.record.langs),
    // The DID, not the handle: handles change, the DID stays, so one person keeps one pseudonym.
    authorPseudonym: pseudonymise('bluesky', p.author.did),
    // From the display name and the handle (a domain handle such as leedsth.nhs.uk is the body itself);
    // with no bio the voice is unseen, so a profile judged elsewhere with a bio wins.
    authorVoice: authorVoice({ displayName: p.author.displayName, handle: p.author.handle }),
    // Quotes amplify a post like reposts do; our metrics have no separate slot for them.
    metrics: { reposts: p.repostCount + p.quoteCount, likes: p.likeCount, replies: p.replyCount },
    synthetic: false,
    // Bluesky posts cannot be edited in the app, and the AppView reports no edit time.
    version: '',
  });
  if (!draft.success) return { ok: false, id: p.uri, reason: `post is unusable: ${issues(draft.error)}` };
  return { ok: true, draft: draft.data };
}

/** getAuthorFeed items: a reason of #reasonRepost means the account reposted someone's post. */
export function isRepost(item: unknown): boolean {
  const reason = (item as { reason?: { $type?: unknown } } | null)?.reason;
  return reason?.$type === 'app.bsky.feed.defs#reasonRepost';
}
