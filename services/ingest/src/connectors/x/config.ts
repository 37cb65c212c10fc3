import { backfillFields } from '../backfill/backfill';
import { z } from 'zod';
import { READ_BUDGETS } from '@lp/contracts/source-types';

/** X refuses `max_results` outside 10..100 on recent search. */
export const X_MIN_RESULTS = 10;
export const X_MAX_RESULTS = 100;

export const zXConfig = z.object({
  ...backfillFields,
  /** X search syntax. Without it the watch list's terms are searched, OR-ed together. */
  query: z.string().trim().min(1).max(4096).optional(),
  /** Self-serve access allows 512 characters per recent-search query; Enterprise allows 4,096. */
  maxQueryLength: z.number().int().min(1).max(4096).default(512),
  /** Posts per request; X bills every post read, so a smaller page caps what one poll can cost. */
  maxResults: z.number().int().min(X_MIN_RESULTS).max(X_MAX_RESULTS).default(X_MAX_RESULTS),
  /** Posts this source may read per calendar month (UTC); the poller never lets polling exceed it. */
  monthlyReadBudget: z.number().int().min(0).default(READ_BUDGETS.x!.default),
  baseUrl: z.string().url().default('https://api.x.com'),
});
export type XConfig = z.infer<typeof zXConfig>;
