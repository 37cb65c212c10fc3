import type { WorkerOptions } from 'bullmq';

/**
 * An import parses up to 20 MB in this process and stores it in one transaction: one at a time
 * per process keeps memory bounded and leaves the event loop free for the other workers' locks.
 */
export const importFileWorkerOptions = (): Partial<WorkerOptions> => ({
  concurrency: 1,
  // A large XLSX can take tens of seconds to parse on a busy 2-core machine.
  lockDuration: 120_000,
  // Re-running is safe (the import row's status and the unique raw items make it idempotent).
  maxStalledCount: 2,
});
