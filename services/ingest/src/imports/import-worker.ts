import { UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import { zImportFilePayload } from '@lp/contracts/jobs';
import { failImport } from '@lp/db/queries/imports';
import { describeError } from '../lib/describe-error';
import type { Metrics } from '../metrics';
import { processor } from '../processors/base';
import { importFileWorkerOptions } from '../queues/import-file.config';
import { processImport, type ProcessImportDeps } from './process-import';

/** The 'import-file' worker: files uploaded from the dashboard, their bytes waiting in Postgres. */
export function createImportFileWorker(
  deps: ProcessImportDeps & { metrics: Metrics },
  base: { connection: ConnectionOptions; prefix: string },
): Worker {
  const run = processor(
    'import-file',
    zImportFilePayload,
    async (data, job) => {
      try {
        const outcome = await processImport(data.importId, deps);
        // A failed import is reported on its row; failing the job too keeps it visible in the queue.
        if (outcome.status === 'failed') throw new UnrecoverableError(outcome.error);
        return outcome;
      } catch (err) {
        // After the last try, say so on the row: the dashboard would otherwise show 'running' forever.
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (last && !(err instanceof UnrecoverableError))
          await failImport(deps.db, data.importId, `the import could not complete: ${describeError(err)}`).catch(
            () => undefined,
          );
        throw err;
      }
    },
    { log: deps.log, metrics: deps.metrics },
  );
  return new Worker('import-file', run, { ...base, ...importFileWorkerOptions() });
}
