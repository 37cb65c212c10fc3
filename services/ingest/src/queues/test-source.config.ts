import type { WorkerOptions } from 'bullmq';

/**
 * "Test a source" runs while someone waits in the dashboard: two at once so one slow platform
 * does not hold up another test; a test is one page fetch (at most a few 30 s requests).
 */
export const testSourceWorkerOptions: Partial<WorkerOptions> = {
  concurrency: 2,
  lockDuration: 60_000,
  // A stalled test has lost its audience (the API gives up after 30 s): never re-run it.
  maxStalledCount: 0,
};
