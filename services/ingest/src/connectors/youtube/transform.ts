import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

/** The parts of a comment resource we use (developers.google.com/youtube/v3/docs/comments). */
const zCommentSnippet = z.object({
  authorDisplayName: z.string().optional().default(''),
  authorChannelId: z.object({ value: z.string().min(1) }).optional(),
  channelId: z.string().optional(),
  videoId: z.string().optional(),
  textOriginal: z.string().optional(),
  textDisplay: z.string().optional(),
  parentId: z.string().optional(),
  likeCount: z.number().int().nonnegative().optional().default(0),
  publishedAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }).optional(),
});
const zComment = z.object({ id: z.string().min(1), snippet: zCommentSnippet });
export type YoutubeComment = z.infer<typeof zComment>;

/** A commentThread: the top-level comment, and up to a handful of its replies. */
const zThread = z.object({
  id: z.string().min(1),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    topLevelComment: z.unknown(),
    totalReplyCount: z.number().int().nonnegative().optional().default(0),
  }),
  replies: z.object({ comments: z.array(z.unknown()) }).optional(),
});
export type YoutubeThread = z.infer<typeof zThread>;

const zList = z.object({ items: z.array(z.unknown()), nextPageToken: z.string().optional() });

/** A commentThreads or comments list page: its items (checked one by one) and the next page token. */
export function readList(body: unknown, what: string): { items: unknown[]; nextPageToken: string | null } {
  const parsed = zList.safeParse(body);
  if (!parsed.success) throw new Error(`${what} is not a YouTube list response: ${parsed.error.issues[0]?.message}`);
  return { items: parsed.data.items, nextPageToken: parsed.data.nextPageToken ?? null };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; id: string | null; reason: string };

const idOf = (raw: unknown): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : null;

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');

export function parseThread(raw: unknown): Parsed<YoutubeThread> {
  const p = zThread.safeParse(raw);
  return p.success
    ? { ok: true, value: p.data }
    : { ok: false, id: idOf(raw), reason: `not a YouTube comment thread: ${issues(p.error)}` };
}

export interface CommentContext {
  /** The channel the video belongs to: its own comments are the organisation's voice. */
  ownerChannelId?: string | undefined;
  videoId?: string | undefined;
  /** Replies in the thread (top-level comments only). */
  replyCount?: number;
}

/** One comment (top-level or reply) → a draft. The author's channel id is pseudonymised at once. */
export function transformComment(raw: unknown, ctx: CommentContext, pseudonymise: Pseudonymise): Parsed<PostDraft> {
  const p = zComment.safeParse(raw);
  if (!p.success) return { ok: false, id: idOf(raw), reason: `not a YouTube comment: ${issues(p.error)}` };
  const { id, snippet: s } = p.data;
  const text = s.textOriginal ?? s.textDisplay;
  if (text === undefined) return { ok: false, id, reason: `comment ${id} has no textOriginal or textDisplay` };
  const videoId = s.videoId ?? ctx.videoId;
  const author = s.authorChannelId?.value;
  const own = author !== undefined && author === (ctx.ownerChannelId ?? s.channelId);
  const handle = s.authorDisplayName.startsWith('@') ? s.authorDisplayName : null;
  const draft = zPostDraft.safeParse({
    platform: 'youtube',
    externalId: id,
    url: videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(id)}` : null,
    publishedAt: new Date(s.publishedAt).toISOString(),
    text,
    lang: null,
    authorPseudonym: author || s.authorDisplayName ? pseudonymise('youtube', author ?? s.authorDisplayName) : null,
    // The channel's own replies are the organisation speaking; anyone else is judged from the name shown.
    authorVoice: authorVoice({ displayName: handle ? null : s.authorDisplayName, handle }, own ? 'org' : null),
    metrics: { reposts: 0, likes: s.likeCount, replies: ctx.replyCount ?? 0 },
    synthetic: false,
    // updatedAt moves only when the author edits the text.
    version:
      s.updatedAt && Date.parse(s.updatedAt) > Date.parse(s.publishedAt) ? new Date(s.updatedAt).toISOString() : '',
  });
  if (!draft.success) return { ok: false, id, reason: `comment ${id} is unusable: ${issues(draft.error)}` };
  return { ok: true, value: draft.data };
}
