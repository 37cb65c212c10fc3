import { z } from 'zod';
import { relistWindowFields } from '../relist/config';

export const ORGANIZATION_URN = /^urn:li:organization:\d+$/;

export const zLinkedinConfig = z.object({
  /** The organisation page, as a URN: urn:li:organization:<id> (the number in the page admin's URL). */
  organization: z.string().regex(ORGANIZATION_URN, 'an organisation URN such as urn:li:organization:12345'),
  ...relistWindowFields,
  /** Items per request (LinkedIn allows up to 100). */
  pageSize: z.number().int().min(1).max(100).default(50),
  /** LinkedIn's versioned API (YYYYMM); each version is supported for a year. */
  apiVersion: z
    .string()
    .regex(/^\d{6}$/, 'a version such as 202511')
    .default('202511'),
  baseUrl: z.string().url().default('https://api.linkedin.com'),
});
export type LinkedinConfig = z.infer<typeof zLinkedinConfig>;
