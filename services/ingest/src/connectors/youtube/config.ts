import { z } from 'zod';

/** A channel id is `UC` and 22 more characters; a video id is 11. */
export const CHANNEL_ID = /^UC[\w-]{22}$/;
export const VIDEO_ID = /^[\w-]{11}$/;

export const zYoutubeConfig = z
  .object({
    /** The organisation's channel: comments on all of its videos (allThreadsRelatedToChannelId). */
    channelId: z.string().regex(CHANNEL_ID, 'a channel id such as UCxxxxxxxxxxxxxxxxxxxxxx').optional(),
    /** Chosen videos instead of (or as well as) the whole channel. */
    videoIds: z.array(z.string().regex(VIDEO_ID, 'an 11-character video id')).max(50).default([]),
    /**
     * Comments published in this many hours are listed again on every poll: YouTube does not report
     * deletions, so one missing from the re-listing is treated as deleted. Replies to older threads
     * are not followed.
     */
    windowHours: z
      .number()
      .min(1)
      .max(24 * 14)
      .default(48),
    /** Calls one poll may make; a longer pass carries on at the next poll (one unit each). */
    maxRequestsPerPoll: z.number().int().min(1).max(500).default(50),
    /**
     * Quota units this source may spend per day (Google's day: it resets at midnight Pacific time).
     * Every call here costs 1 unit; a project gets 10,000 a day unless Google grants more.
     */
    dailyQuotaUnits: z.number().int().min(0).max(10_000_000).default(10_000),
    baseUrl: z.string().url().default('https://www.googleapis.com'),
  })
  .refine((c) => c.channelId !== undefined || c.videoIds.length > 0, {
    message: 'a youtube source needs a channelId or videoIds',
    path: ['channelId'],
  });
export type YoutubeConfig = z.infer<typeof zYoutubeConfig>;
