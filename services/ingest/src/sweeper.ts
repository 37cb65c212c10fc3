import { describeError } from './lib/describe-error';
import type { Queue } from 'bullmq';
import type { ImportFilePayload, PollSourcePayload, TagPostsPayload } from '@lp/contracts/jobs';
import type { Db } from '@lp/db/client';
import { listWaitingImports } from '@lp/db/queries/imports';
import { sweepStaleRawItems } from '@lp/db/queries/raw-items';
import { enqueueImport, enqueueTagPosts } from '@lp/queue/enqueue';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { reconcileSchedules } from './schedules';

export interface SweepDeps {
  db: Db;
  pollQueue: Queue<PollSourcePayload>;
  tagQueue: Queue<TagPostsPayload>;
  importQueue: Queue<ImportFilePayload>;
  log: Logger;
  metrics: Metrics;
  staleSeconds: number;
}

/** Re-enqueued this many times without being tagged, an item is poison and goes to quarantine. */
const MAX_SWEEP_ATTEMPTS = 5;
/** Per pass; a larger backlog drains over the next passes. */
const SWEEP_LIMIT = 2_000;

/**
 * Redis may lose everything at any moment, so Postgres drives recovery: poll schedulers are
 * re-created from the sources table (schedules.ts), and raw items left pending past `staleSeconds`
 * are enqueued again.
 */
export async function sweepOnce(deps: SweepDeps): Promise<{ requeued: number; quarantined: number }> {
  const { requeued, quarantined } = await sweepStaleRawItems(deps.db, {
    staleSeconds: deps.staleSeconds,
    limit: SWEEP_LIMIT,
    maxAttempts: MAX_SWEEP_ATTEMPTS,
  });
  if (requeued.length > 0) {
    await enqueueTagPosts(deps.tagQueue, requeued);
    deps.metrics.swept.inc(requeued.length);
    deps.log.info({ requeued: requeued.length }, 'sweeper re-enqueued stale raw items');
  }
  // Uploaded files whose job Redis lost: same job id, so a live job is left alone.
  for (const id of await listWaitingImports(deps.db, deps.staleSeconds)) await enqueueImport(deps.importQueue, id);
  if (quarantined > 0) {
    deps.metrics.quarantined.inc({ stage: 'tag' }, quarantined);
    deps.log.warn({ quarantined }, 'sweeper quarantined items that repeatedly failed tagging');
  }
  return { requeued: requeued.length, quarantined };
}

/** Runs reconcile + sweep on an interval; one pass at a time; failures are logged, never fatal. */
export function startSweeper(deps: SweepDeps, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const pass = async () => {
    try {
      await reconcileSchedules(deps);
      await sweepOnce(deps);
    } catch (err) {
      deps.log.warn({ err: describeError(err) }, 'sweep pass failed; will retry');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = pass().finally(() => (running = null));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
