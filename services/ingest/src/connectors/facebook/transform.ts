import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

/*
 * Graph API Page posts and comments (developers.facebook.com/docs/graph-api/reference/page/feed,
 * /object/comments). `from` is only sent when the app may read user content on the Page; without
 * it the author is unknown (no pseudonym) and the voice is the public's.
 */

export const POST_FIELDS =
  'id,message,story,created_time,permalink_url,from{id,name},shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)';
export const COMMENT_FIELDS = 'id,message,created_time,permalink_url,from{id,name},like_count,comment_count,parent{id}';

const zFrom = z.object({ id: z.string().min(1), name: z.string().optional().default('') }).optional();
const zTotal = z.object({ summary: z.object({ total_count: z.number().int().nonnegative() }) }).optional();

const zPost = z.object({
  id: z.string().regex(/^\d+_\d+$/, 'a post id is pageid_postid'),
  message: z.string().optional(),
  story: z.string().optional(),
  created_time: z.string().min(1),
  permalink_url: z.string().url().optional(),
  from: zFrom,
  shares: z.object({ count: z.number().int().nonnegative() }).optional(),
  reactions: zTotal,
  comments: zTotal,
});

const zComment = z.object({
  id: z.string().min(1),
  message: z.string().optional().default(''),
  created_time: z.string().min(1),
  permalink_url: z.string().url().optional(),
  from: zFrom,
  like_count: z.number().int().nonnegative().optional().default(0),
  comment_count: z.number().int().nonnegative().optional().default(0),
  parent: z.object({ id: z.string() }).optional(),
});

const zList = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});

/** A Graph list: its items (checked one by one) and the `after` cursor when there is a next page. */
export function readList(body: unknown, what: string): { data: unknown[]; after: string | null } {
  const parsed = zList.safeParse(body);
  if (!parsed.success) throw new Error(`${what} is not a Graph API list: ${parsed.error.issues[0]?.message}`);
  const { data, paging } = parsed.data;
  return { data, after: paging?.next && paging.cursors?.after ? paging.cursors.after : null };
}

export type Parsed = { ok: true; draft: PostDraft } | { ok: false; id: string | null; reason: string };

const idOf = (raw: unknown): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : null;
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');

/** Graph times look like 2026-12-04T09:15:00+0000: ISO 8601 without the offset's colon. */
export function graphTime(value: string): string | null {
  const fixed = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(fixed);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(fixed) ? null : new Date(ms).toISOString();
}

function draftOf(
  kind: 'post' | 'comment',
  id: string,
  text: string,
  created: string,
  url: string | undefined,
  from: { id: string; name: string } | undefined,
  pageId: string,
  metrics: PostDraft['metrics'],
  pseudonymise: Pseudonymise,
): Parsed {
  const publishedAt = graphTime(created);
  if (!publishedAt) return { ok: false, id, reason: `${kind} ${id} has created_time "${created}", not a date` };
  // The Page's own posts and replies are the organisation speaking; a post without `from` on the
  // Page's feed is the Page's own too. Anyone else is judged from the name shown.
  const own = from ? from.id === pageId : kind === 'post';
  const draft = zPostDraft.safeParse({
    platform: 'facebook',
    externalId: id,
    url: url ?? `https://www.facebook.com/${id}`,
    publishedAt,
    text,
    lang: null,
    authorPseudonym: from ? pseudonymise('facebook', from.id) : own ? pseudonymise('facebook', pageId) : null,
    authorVoice: authorVoice({ displayName: from?.name ?? null }, own ? 'org' : null),
    metrics,
    synthetic: false,
    version: '',
  });
  return draft.success
    ? { ok: true, draft: draft.data }
    : { ok: false, id, reason: `${kind} ${id} is unusable: ${issues(draft.error)}` };
}

export function transformPost(raw: unknown, pageId: string, pseudonymise: Pseudonymise): Parsed {
  const p = zPost.safeParse(raw);
  if (!p.success) return { ok: false, id: idOf(raw), reason: `not a Facebook post: ${issues(p.error)}` };
  const s = p.data;
  const text = s.message ?? s.story ?? '';
  return draftOf(
    'post',
    s.id,
    text,
    s.created_time,
    s.permalink_url,
    s.from,
    pageId,
    {
      reposts: s.shares?.count ?? 0,
      likes: s.reactions?.summary.total_count ?? 0,
      replies: s.comments?.summary.total_count ?? 0,
    },
    pseudonymise,
  );
}

export function transformComment(raw: unknown, pageId: string, pseudonymise: Pseudonymise): Parsed {
  const c = zComment.safeParse(raw);
  if (!c.success) return { ok: false, id: idOf(raw), reason: `not a Facebook comment: ${issues(c.error)}` };
  const s = c.data;
  return draftOf(
    'comment',
    s.id,
    s.message,
    s.created_time,
    s.permalink_url,
    s.from,
    pageId,
    { reposts: 0, likes: s.like_count, replies: s.comment_count },
    pseudonymise,
  );
}
