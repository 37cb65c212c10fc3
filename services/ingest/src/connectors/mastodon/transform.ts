import { convert } from 'html-to-text';
import { z } from 'zod';
import { zPostDraft, type PostDraft } from '@lp/contracts/post';
import { authorVoice, type AuthorVoice } from '@lp/nlp/voice';
import type { Pseudonymise } from '../../lib/pseudonym';

/** The parts of a Mastodon Status entity we use (docs.joinmastodon.org/entities/Status). */
const zStatus = z.object({
  id: z.string().regex(/^\d+$/, 'status id must be numeric'),
  uri: z.string().min(1),
  url: z.string().url().nullable().optional(),
  created_at: z.string().datetime({ offset: true }),
  content: z.string(),
  spoiler_text: z.string().optional().default(''),
  language: z.string().nullable().optional(),
  reblogs_count: z.number().int().nonnegative().optional().default(0),
  favourites_count: z.number().int().nonnegative().optional().default(0),
  replies_count: z.number().int().nonnegative().optional().default(0),
  edited_at: z.string().datetime({ offset: true }).nullable().optional(),
  account: z.object({
    acct: z.string().min(1),
    url: z.string().optional(),
    // Profile parts the author's voice is judged from; older servers and stubs may leave them out.
    display_name: z.string().optional().default(''),
    note: z.string().optional().default(''),
    fields: z
      .array(z.object({ name: z.string(), value: z.string() }))
      .optional()
      .default([]),
  }),
});
export type MastodonStatus = z.infer<typeof zStatus>;

/** HTML status content to plain text: links keep their text, paragraphs become line breaks. */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

/** A local account's `acct` lacks the domain; qualify it so one person is one pseudonym everywhere. */
function qualifiedAcct(acct: string, accountUrl: string | undefined, instance: string): string {
  if (acct.includes('@')) return acct;
  const host = accountUrl ? new URL(accountUrl).host : new URL(instance).host;
  return `${acct}@${host}`;
}

/**
 * The author's voice from the account: the note and profile-field values are HTML. The instance's
 * own host rides in the qualified acct (an account on an NHS-run instance); account.url is only
 * the profile page on that instance, so it is not treated as the author's website.
 */
function voiceOf(account: MastodonStatus['account'], acct: string): AuthorVoice {
  return authorVoice({
    displayName: account.display_name,
    bio: htmlToPlainText(account.note),
    handle: acct,
    website: account.fields.map((f) => htmlToPlainText(f.value)),
  });
}

export type TransformResult =
  { ok: true; id: string; draft: PostDraft } | { ok: false; id: string | null; reason: string };

export function transformStatus(raw: unknown, instance: string, pseudonymise: Pseudonymise): TransformResult {
  const parsed = zStatus.safeParse(raw);
  const rawId = typeof raw === 'object' && raw !== null && 'uri' in raw ? String((raw as { uri: unknown }).uri) : null;
  if (!parsed.success) {
    return {
      ok: false,
      id: rawId,
      reason: `not a Mastodon status: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  }
  const s = parsed.data;
  const body = htmlToPlainText(s.content);
  const text = s.spoiler_text ? `${s.spoiler_text}\n\n${body}` : body;
  const acct = qualifiedAcct(s.account.acct, s.account.url, instance);
  const draft = zPostDraft.safeParse({
    platform: 'mastodon',
    // The URI is the status's identity across the fediverse: seen through two instances it is one post.
    externalId: s.uri,
    url: s.url ?? (s.uri.startsWith('http') ? s.uri : null),
    publishedAt: s.created_at,
    text,
    lang: s.language ?? null,
    authorPseudonym: pseudonymise('mastodon', acct),
    authorVoice: voiceOf(s.account, acct),
    metrics: { reposts: s.reblogs_count, likes: s.favourites_count, replies: s.replies_count },
    synthetic: false,
    // An edited status carries edited_at: a later edit replaces the stored text and tags.
    version: s.edited_at ? new Date(s.edited_at).toISOString() : '',
  });
  if (!draft.success)
    return {
      ok: false,
      id: s.uri,
      reason: `status ${s.id} is unusable: ${draft.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    };
  return { ok: true, id: s.id, draft: draft.data };
}
