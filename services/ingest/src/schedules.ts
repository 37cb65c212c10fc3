import { Worker, type ConnectionOptions, type Queue } from 'bullmq';
import { zSourceChangedPayload, type PollSourcePayload } from '@lp/contracts/jobs';
import type { Db } from '@lp/db/client';
import { isStreamSourceType } from '@lp/contracts/source-types';
import { getSource, listSources } from '@lp/db/queries/sources';
import { listScheduledSourceIds, schedulePolls, unschedulePolls } from '@lp/queue/enqueue';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { processor } from './processors/base';

/**
 * Poll schedules are written here and nowhere else: the API only asks (a 'source-changed' job), and
 * Postgres says what each source's schedule should be. A source that is paused, stopped or deleted
 * has none.
 */
export async function applySourceSchedule(db: Db, pollQueue: Queue<PollSourcePayload>, sourceId: string) {
  const source = await getSource(db, sourceId);
  // A stream source is held by the stream role, never polled.
  if (source?.enabled && !isStreamSourceType(source.type)) {
    await schedulePolls(pollQueue, source.id, source.pollEverySeconds * 1000);
    return 'scheduled' as const;
  }
  await unschedulePolls(pollQueue, sourceId);
  return 'unscheduled' as const;
}

/**
 * Every sweeper pass and every start: schedulers re-created from the sources table (Redis may have
 * lost them), and removed for sources that are paused, stopped or gone (a deleted source included).
 */
export async function reconcileSchedules(deps: { db: Db; pollQueue: Queue<PollSourcePayload> }): Promise<void> {
  const sources = await listSources(deps.db);
  const scheduled = new Set(await listScheduledSourceIds(deps.pollQueue));
  for (const s of sources) {
    if (s.enabled && !isStreamSourceType(s.type)) await schedulePolls(deps.pollQueue, s.id, s.pollEverySeconds * 1000);
    else if (scheduled.has(s.id)) await unschedulePolls(deps.pollQueue, s.id);
    scheduled.delete(s.id);
  }
  for (const orphan of scheduled) await unschedulePolls(deps.pollQueue, orphan);
}

/** The 'source-changed' worker: a dashboard edit reaches the schedule at once, not at the next sweep. */
export function createSourceChangedWorker(
  deps: { db: Db; pollQueue: Queue<PollSourcePayload>; log: Logger; metrics: Metrics },
  base: { connection: ConnectionOptions; prefix: string },
): Worker {
  const run = processor(
    'source-changed',
    zSourceChangedPayload,
    async (data) => ({ schedule: await applySourceSchedule(deps.db, deps.pollQueue, data.sourceId) }),
    { log: deps.log, metrics: deps.metrics },
  );
  // Each job is two small reads and one Redis write; a lost lock just means it runs again, harmlessly.
  return new Worker('source-changed', run, { ...base, concurrency: 1, lockDuration: 30_000, maxStalledCount: 2 });
}
