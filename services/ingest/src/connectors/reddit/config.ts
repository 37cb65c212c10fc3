import { backfillFields } from '../backfill/backfill';
import { z } from 'zod';

/** Reddit's required form: `<platform>:<app id>:<version> (by /u/<username>)`; generic agents are throttled or banned. */
const USER_AGENT = /^[\w.-]+:[\w.-]+:[\w.-]+ \(by \/u\/[\w-]{3,20}\)$/;

export const zRedditConfig = z.object({
  ...backfillFields,
  /** The app's client id (not a secret on its own: the secret is `clientSecret`, from the environment). */
  clientId: z.string().min(1),
  userAgent: z.string().regex(USER_AGENT, 'must look like "linux:org.example.listening:1.0 (by /u/yourname)"'),
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, 'a subreddit name without r/')).min(1),
  /** Reddit search syntax; without it the watch list's terms are searched, and without those /new is listed. */
  query: z.string().min(1).max(512).optional(),
  /** Take every new post of the subreddits (/new) even when the watch list has terms. */
  allPosts: z.boolean().default(false),
  /** Reddit's maximum listing size is 100. */
  limit: z.number().int().min(1).max(100).default(100),
  /** How many recent matched posts have their comments re-read each poll (0: no comments). */
  commentThreads: z.number().int().min(0).max(25).default(10),
  /** A matched post's comments are followed for this long after it was posted. */
  commentHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(48),
  commentLimit: z.number().int().min(1).max(500).default(100),
  baseUrl: z.string().url().default('https://oauth.reddit.com'),
  authUrl: z.string().url().default('https://www.reddit.com/api/v1/access_token'),
});
export type RedditConfig = z.infer<typeof zRedditConfig>;
