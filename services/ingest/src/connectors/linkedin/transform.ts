import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

/*
 * Posts API (rest/posts) and Comments API (rest/socialActions/{urn}/comments) elements. LinkedIn
 * names authors only by URN; a member's name and headline need a permission the Community
 * Management API does not grant, so a member commenting is the public's voice (profile unseen),
 * and the organisation's own posts and replies are its voice.
 */

const zPost = z.object({
  id: z.string().regex(/^urn:li:(share|ugcPost):\d+$/, 'a post URN'),
  author: z.string().min(1),
  commentary: z.string().optional().default(''),
  createdAt: z.number().int().positive(),
  publishedAt: z.number().int().positive().optional(),
  lastModifiedAt: z.number().int().positive().optional(),
  lifecycleState: z.string().optional(),
  lifecycleStateInfo: z.object({ isEditedByAuthor: z.boolean().optional() }).optional(),
});

const zComment = z.object({
  commentUrn: z.string().regex(/^urn:li:comment:\(.+\)$/, 'a comment URN'),
  actor: z.string().min(1),
  message: z.object({ text: z.string() }),
  created: z.object({ time: z.number().int().positive() }),
  lastModified: z.object({ time: z.number().int().positive() }).optional(),
  object: z.string().optional(),
  parentComment: z.string().optional(),
  likesSummary: z.object({ totalLikes: z.number().int().nonnegative().optional() }).optional(),
  commentsSummary: z.object({ aggregatedTotalComments: z.number().int().nonnegative().optional() }).optional(),
});

const zList = z.object({
  elements: z.array(z.unknown()),
  paging: z.object({ start: z.number().int(), count: z.number().int(), total: z.number().int().optional() }).optional(),
});

export function readList(body: unknown, what: string): { elements: unknown[]; total: number | null } {
  const parsed = zList.safeParse(body);
  if (!parsed.success) throw new Error(`${what} is not a LinkedIn collection: ${parsed.error.issues[0]?.message}`);
  return { elements: parsed.data.elements, total: parsed.data.paging?.total ?? null };
}

export type Parsed<T> = { ok: true; draft: PostDraft; raw: T } | { ok: false; id: string | null; reason: string };

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
const field = (raw: unknown, key: string): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as Record<string, unknown>)[key] === 'string'
    ? ((raw as Record<string, unknown>)[key] as string)
    : null;

/** The edit marker: lastModified after creation, as an ISO time; '' when never edited. */
const versionOf = (created: number, modified: number | undefined) =>
  modified !== undefined && modified > created ? new Date(modified).toISOString() : '';

export type LinkedinPost = z.infer<typeof zPost>;
export type LinkedinComment = z.infer<typeof zComment>;

export function transformPost(raw: unknown, organization: string, pseudonymise: Pseudonymise): Parsed<LinkedinPost> {
  const p = zPost.safeParse(raw);
  if (!p.success) return { ok: false, id: field(raw, 'id'), reason: `not a LinkedIn post: ${issues(p.error)}` };
  const s = p.data;
  const draft = zPostDraft.safeParse({
    platform: 'linkedin',
    externalId: s.id,
    url: `https://www.linkedin.com/feed/update/${s.id}/`,
    publishedAt: new Date(s.publishedAt ?? s.createdAt).toISOString(),
    text: s.commentary,
    lang: null,
    authorPseudonym: pseudonymise('linkedin', s.author),
    authorVoice: authorVoice({}, s.author === organization ? 'org' : null),
    metrics: { reposts: 0, likes: 0, replies: 0 },
    synthetic: false,
    version: versionOf(s.createdAt, s.lastModifiedAt),
  });
  return draft.success
    ? { ok: true, draft: draft.data, raw: s }
    : { ok: false, id: s.id, reason: `post ${s.id} is unusable: ${issues(draft.error)}` };
}

export function transformComment(
  raw: unknown,
  postUrn: string,
  organization: string,
  pseudonymise: Pseudonymise,
): Parsed<LinkedinComment> {
  const c = zComment.safeParse(raw);
  if (!c.success)
    return { ok: false, id: field(raw, 'commentUrn'), reason: `not a LinkedIn comment: ${issues(c.error)}` };
  const s = c.data;
  const draft = zPostDraft.safeParse({
    platform: 'linkedin',
    externalId: s.commentUrn,
    url: `https://www.linkedin.com/feed/update/${postUrn}/?commentUrn=${encodeURIComponent(s.commentUrn)}`,
    publishedAt: new Date(s.created.time).toISOString(),
    text: s.message.text,
    lang: null,
    authorPseudonym: pseudonymise('linkedin', s.actor),
    authorVoice: authorVoice({}, s.actor === organization ? 'org' : null),
    metrics: {
      reposts: 0,
      likes: s.likesSummary?.totalLikes ?? 0,
      replies: s.commentsSummary?.aggregatedTotalComments ?? 0,
    },
    synthetic: false,
    version: versionOf(s.created.time, s.lastModified?.time),
  });
  return draft.success
    ? { ok: true, draft: draft.data, raw: s }
    : { ok: false, id: s.commentUrn, reason: `comment ${s.commentUrn} is unusable: ${issues(draft.error)}` };
}
