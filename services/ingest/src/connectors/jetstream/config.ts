import { z } from 'zod';

/** Bluesky's public Jetstream instances; any other (a self-hosted one) can be named in `endpoint`. */
export const DEFAULT_JETSTREAM = 'wss://jetstream2.us-east.bsky.network/subscribe';
/** The public AppView: profiles (for voice) without an account. */
export const DEFAULT_APPVIEW = 'https://public.api.bsky.app';

export const zJetstreamConfig = z.object({
  /** The `/subscribe` address of a Jetstream instance. */
  endpoint: z
    .string()
    .url()
    .refine((u) => /^wss?:\/\/[^#]*$/.test(u), 'a wss:// (or ws://) address ending /subscribe, without a #')
    .default(DEFAULT_JETSTREAM),
  /** Words or phrases: a post containing one (whole words, any case) is kept. */
  keywords: z.array(z.string().trim().min(2).max(100)).max(200).default([]),
  /** Hashtags without '#': a post using one is kept. */
  hashtags: z
    .array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag such as NHS or #NHSStaff'))
    .max(200)
    .default([]),
  /**
   * Keep only posts with these keywords and hashtags; by default posts naming anything on the
   * organisation's watch list (names, sites, wards, services, hashtags, accounts) are kept too.
   */
  keywordsOnly: z.boolean().default(false),
  /** Where author profiles are read (app.bsky.actor.getProfiles), for each author's voice. */
  appview: z.string().url().default(DEFAULT_APPVIEW),
  /**
   * How far back the instance can replay: after an outage longer than this, the time it no longer
   * holds is recorded as a coverage gap. Bluesky's public instances keep about a day.
   */
  replayHours: z
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  /**
   * A new source first replays this many hours (the stream is replayed from then), then follows
   * live. Every post on the network passes through the filter, so an hour is already ~150k events.
   */
  backfillHours: z.number().min(0).max(24).default(1),
});
export type JetstreamConfig = z.infer<typeof zJetstreamConfig>;
