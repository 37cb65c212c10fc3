import type { WorkerOptions } from 'bullmq';

/**
 * Polls are network-bound (waiting on platform APIs), so several run at once per process; the
 * per-source lease keeps two polls of one source from overlapping whatever this number is.
 */
export const pollSourceWorkerOptions = (concurrency: number): Partial<WorkerOptions> => ({
  concurrency,
  // A poll is at most a few 30 s requests; a worker that stops renewing its lock for 60 s is gone.
  lockDuration: 60_000,
  // A stalled poll is simply re-run: the cursor in Postgres makes it idempotent.
  maxStalledCount: 2,
});
