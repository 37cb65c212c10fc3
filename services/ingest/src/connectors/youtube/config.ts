import { z } from 'zod';
import { READ_BUDGETS } from '@lp/contracts/source-types';
import { relistWindowFields } from '../relist/config';

/** A channel id is `UC` and 22 more characters; a video id is 11. */
export const CHANNEL_ID = /^UC[\w-]{22}$/;
export const VIDEO_ID = /^[\w-]{11}$/;

export const zYoutubeConfig = z
  .object({
    /** The organisation's channel: comments on all of its videos (allThreadsRelatedToChannelId). */
    channelId: z.string().regex(CHANNEL_ID, 'a channel id such as UCxxxxxxxxxxxxxxxxxxxxxx').optional(),
    /** Chosen videos instead of (or as well as) the whole channel. */
    videoIds: z.array(z.string().regex(VIDEO_ID, 'an 11-character video id')).max(50).default([]),
    ...relistWindowFields,
    /**
     * Quota units this source may spend per day (Google's day: it resets at midnight Pacific time).
     * Every call here costs 1 unit; a project gets 10,000 a day unless Google grants more.
     */
    dailyQuotaUnits: z.number().int().min(0).max(10_000_000).default(READ_BUDGETS.youtube!.default),
    baseUrl: z.string().url().default('https://www.googleapis.com'),
  })
  .refine((c) => c.channelId !== undefined || c.videoIds.length > 0, {
    message: 'a youtube source needs a channelId or videoIds',
    path: ['channelId'],
  });
export type YoutubeConfig = z.infer<typeof zYoutubeConfig>;
