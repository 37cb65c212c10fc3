import { z } from 'zod';
import { zPostMetrics } from './api';

/**
 * What a connector's transform makes of one platform item, before tagging. The author is
 * already a keyed pseudonym here: raw handles never leave the connector.
 */
/** Who is speaking: NHS staff, an NHS organisation's account, or anyone else. */
export const zVoice = z.enum(['staff', 'org', 'public']);
export type Voice = z.infer<typeof zVoice>;

/** One profile hint behind a voice: which profile field matched and the matched words only (never the whole bio). */
export const zVoiceEvidence = z.object({
  field: z.enum(['bio', 'name', 'handle', 'website', 'flair']),
  term: z.string().min(1).max(100),
});
export type VoiceEvidence = z.infer<typeof zVoiceEvidence>;

/**
 * The author's voice as the connector judged it from the profile the platform sent with the post.
 * `profileSeen` says whether a bio (or equivalent) was available: a classification made without
 * one never overrides an earlier one made with one.
 */
export const zAuthorVoice = z.object({
  voice: zVoice,
  evidence: z.array(zVoiceEvidence).max(10),
  profileSeen: z.boolean(),
});
export type AuthorVoice = z.infer<typeof zAuthorVoice>;

export const zPostDraft = z.object({
  platform: z.string().min(1),
  externalId: z.string().min(1).max(512),
  url: z.string().url().nullable(),
  publishedAt: z.string().datetime({ offset: true }),
  text: z.string(),
  lang: z.string().min(2).max(8).nullable(),
  authorPseudonym: z.string().nullable(),
  /** Absent on drafts stored before voices existed: the author's stored voice (or 'public') applies. */
  authorVoice: zAuthorVoice.optional(),
  metrics: zPostMetrics,
  synthetic: z.boolean().default(false),
  /** The question a Friends and Family Test answer replies to (file imports), for the NLP to use later. */
  question: z.string().max(500).optional(),
  /**
   * The platform's edit marker (e.g. an edited-at time), sortable as a string; '' for an
   * unedited post. A higher version of a stored post replaces its text, tags and rollups.
   */
  version: z.string().max(64).default(''),
});
export type PostDraft = z.infer<typeof zPostDraft>;

/** A platform told us a post was deleted: the stored post is removed and the rollups corrected. */
export const zPostDeletion = z.object({
  platform: z.string().min(1),
  externalId: z.string().min(1).max(512),
  /**
   * When the same item can be deleted more than once (re-listed connectors: deleted, listed again,
   * deleted again), each deletion's own marker; '' or absent otherwise.
   */
  version: z.string().max(64).optional(),
});
export type PostDeletion = z.infer<typeof zPostDeletion>;
