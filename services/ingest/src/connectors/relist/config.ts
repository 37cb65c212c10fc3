import { z } from 'zod';

/** The settings every re-listing connector (Facebook, LinkedIn, YouTube) shares; spread into its config. */
export const relistWindowFields = {
  /**
   * Items published in this many hours (and their comments) are listed again on every poll: these
   * platforms do not report deletions, so one the re-listing no longer shows is treated as deleted.
   * Comments on older posts are not read.
   */
  windowHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(48),
  /** Calls one poll may make; a longer pass carries on at the next poll. */
  maxRequestsPerPoll: z.number().int().min(1).max(500).default(50),
};
