import type { WorkerOptions } from 'bullmq';

/**
 * Tagging is CPU-bound in this process: one job at a time per process by default keeps the event
 * loop responsive (lock renewals) on a 2-core machine; scale with more processes (INGEST_ROLES=nlp).
 */
export const tagPostsWorkerOptions = (concurrency: number): Partial<WorkerOptions> => ({
  concurrency,
  lockDuration: 30_000,
  // A batch that stalls twice is likely killing its worker; the sweeper takes it from here.
  maxStalledCount: 2,
});
