import type { FastifyInstance } from 'fastify';
import type { Source } from '@lp/db/queries/sources';
import { schedulePolls, unschedulePolls } from '@lp/queue/enqueue';

/**
 * Applies a source's schedule at once so a change shows without waiting for the ingest sweeper.
 * Best effort: Postgres holds the truth and the sweeper reconciles schedules from it every pass,
 * so a Redis hiccup here only delays the change.
 */
export async function applySchedule(app: FastifyInstance, source: Source): Promise<void> {
  try {
    if (source.enabled) await schedulePolls(app.queues['poll-source'], source.id, source.pollEverySeconds * 1000);
    else await unschedulePolls(app.queues['poll-source'], source.id);
  } catch (err) {
    app.log.warn(
      { sourceId: source.id, err: (err as Error).message },
      'could not update poll schedule; the sweeper will',
    );
  }
}
