import { describeError } from '../lib/describe-error';
import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/**
 * Wraps every processor the same way: a payload that fails its schema can never succeed, so it
 * fails at once without retries; everything else is timed and counted by outcome.
 */
export function processor<S extends z.ZodType, R>(
  queue: string,
  schema: S,
  run: (data: z.infer<S>, job: Job) => Promise<R>,
  deps: { log: Logger; metrics: Metrics },
): (job: Job) => Promise<R> {
  return async (job) => {
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      deps.metrics.jobs.inc({ queue, outcome: 'invalid' });
      throw new UnrecoverableError(
        `invalid ${queue} payload: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const end = deps.metrics.jobSeconds.startTimer({ queue });
    try {
      const result = await run(parsed.data, job);
      deps.metrics.jobs.inc({ queue, outcome: 'completed' });
      return result;
    } catch (err) {
      deps.metrics.jobs.inc({ queue, outcome: 'error' });
      deps.log.warn(
        { queue, jobId: job.id, attempt: job.attemptsMade + 1, err: describeError(err) },
        'job attempt failed',
      );
      // The failure reason is stored in Redis: keep SQL parameters (post text, pseudonyms) out of it.
      if (err instanceof Error && !(err instanceof UnrecoverableError) && err.message.startsWith('Failed query:')) {
        throw new Error(describeError(err));
      }
      throw err;
    } finally {
      end();
    }
  };
}
