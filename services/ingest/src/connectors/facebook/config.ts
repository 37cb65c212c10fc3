import { z } from 'zod';
import { relistWindowFields } from '../relist/config';

export const zFacebookConfig = z.object({
  /**
   * The Page's numeric id (Page settings → About → Page transparency, or the Graph API Explorer's
   * `me?fields=id` with the page token). A Page the organisation does not manage needs Meta's Page
   * Public Content Access feature, granted only after an app review.
   */
  pageId: z.string().regex(/^\d{5,20}$/, 'the Page’s numeric id'),
  ...relistWindowFields,
  /** Slow down once Meta's usage headers report this share of a limit used (percent). */
  usageCeiling: z.number().int().min(10).max(100).default(90),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v23.0'),
  baseUrl: z.string().url().default('https://graph.facebook.com'),
});
export type FacebookConfig = z.infer<typeof zFacebookConfig>;
