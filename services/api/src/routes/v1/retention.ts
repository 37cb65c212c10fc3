import { retentionCutoff, type Retention } from '@lp/contracts/retention';

/**
 * What a post list says about retention. The purge runs hourly, so the cutoff is given to the hour
 * before it: every post listed as older than this has (or within the hour will have) no text.
 */
export function retentionNote(days: number, now: Date = new Date()): Retention {
  const cutoff = retentionCutoff(days, now);
  cutoff.setUTCMinutes(0, 0, 0);
  return { days, textKeptFrom: cutoff.toISOString() };
}
