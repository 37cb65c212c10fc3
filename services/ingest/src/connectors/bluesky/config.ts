import { backfillFields } from '../backfill/backfill';
import { z } from 'zod';

/** A handle (nhs.bsky.social) or a DID (did:plc:…); both are accepted by every actor parameter. */
const zActor = z
  .string()
  .regex(/^(did:[a-z]+:[\w.:%-]+|@?[a-zA-Z0-9][a-zA-Z0-9.-]*\.[a-zA-Z]{2,})$/, 'a handle (name.bsky.social) or a DID');

export const zBlueskyConfig = z.object({
  ...backfillFields,
  /** The PDS or entryway the app password belongs to; proxies and tests point elsewhere. */
  service: z.string().url().default('https://bsky.social'),
  /** The account that signs in: its handle or DID. Plain config; the app password is a secret. */
  identifier: zActor,
  /** One searchPosts query. Without it, each watch-list term is searched on its own (Bluesky has no OR). */
  query: z.string().trim().min(1).max(512).optional(),
  /** Accounts whose own posts are all collected (reposts are not). */
  accounts: z.array(zActor).default([]),
  /** searchPosts and getAuthorFeed both cap `limit` at 100. */
  limit: z.number().int().min(1).max(100).default(100),
});
export type BlueskyConfig = z.infer<typeof zBlueskyConfig>;
