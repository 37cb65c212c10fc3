import type { FastifyInstance } from 'fastify';
import { requestScheduleUpdate } from '@lp/queue/enqueue';

/**
 * Asks ingest, the one writer of poll schedules, to apply a source's schedule now (it re-reads the
 * source from Postgres). Best effort: Postgres holds the truth and the ingest sweeper reconciles
 * schedules from it every pass, so a Redis hiccup here only delays the change.
 */
export async function requestSchedule(app: FastifyInstance, sourceId: string): Promise<void> {
  try {
    await requestScheduleUpdate(app.queues['source-changed'], sourceId);
  } catch (err) {
    app.log.warn(
      { sourceId, err: (err as Error).message },
      'could not ask ingest to update the poll schedule; the sweeper will',
    );
  }
}
