import { z } from 'zod';

export const zRssConfig = z.object({
  /** The feed itself (RSS 2.0 or Atom), not the site's home page. */
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http(s) feed URL'),
  /** A label for the dashboard; the feed's own title is not trusted to be stable. */
  name: z.string().min(1).max(200).optional(),
});
export type RssConfig = z.infer<typeof zRssConfig>;
