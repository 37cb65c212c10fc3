import { boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Voice, VoiceEvidence } from '@lp/contracts/post';

/**
 * Each author pseudonym's voice (NHS staff, NHS organisation, public) with the profile hints behind
 * it: the matched words only, never the bio. A post takes its author's voice when it is stored, so
 * the rollups stay exact if the author is reclassified later.
 */
export const authorVoices = pgTable('author_voices', {
  authorPseudonym: text('author_pseudonym').primaryKey(),
  voice: text('voice').$type<Voice>().notNull(),
  evidence: jsonb('evidence').$type<VoiceEvidence[]>().notNull().default([]),
  /** Whether a bio (or flair) was seen: a judgement made without one never replaces one made with one. */
  profileSeen: boolean('profile_seen').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Authors erased on request: their pseudonym under each key version in use at the time (never the
 * handle). A fetch or import that meets one of these stores nothing, so an erased author does not
 * come back; the list itself is kept because forgetting it would undo the erasure.
 */
export const suppressedAuthors = pgTable('suppressed_authors', {
  pseudonym: text('pseudonym').primaryKey(),
  platform: text('platform').notNull(),
  keyId: text('key_id').notNull(),
  erasedAt: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
});
