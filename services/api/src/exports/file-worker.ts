import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { createDb } from '@lp/db/client';
import { modelVersionsIn } from '@lp/db/queries/exports';
import { dictionaryFor } from './dictionary';
import { recordsFor } from './records';
import type { ExportFileJob, ExportFileMessage } from './run-isolated';
import { writeExport } from './write';

// Runs in a worker thread: one export written to one file, progress posted back as it goes.
const job = workerData as ExportFileJob;
const post = (m: ExportFileMessage) => parentPort!.postMessage(m);
const handle = createDb(job.databaseUrl, { max: 1, applicationName: 'lp-export', settings: { jit: 'off' } });
// The records need the database and the topic names; nothing else of the API.
const app = { db: handle.db, topicNames: new Map(job.topicNames) } as unknown as FastifyInstance;
try {
  const out = createWriteStream(job.path, { mode: 0o600 });
  let last = 0;
  const rows = await writeExport({
    format: job.format,
    dictionary: dictionaryFor(job.kind, await modelVersionsIn(handle.db, job.params)),
    records: recordsFor(app, job.kind, job.format, job.params, job.batchSize),
    out,
    sheetName: job.kind === 'posts' ? 'Posts' : 'Topics',
    onRows: (n) => {
      // About twice a second is enough for a progress bar.
      if (Date.now() - last < 500) return;
      last = Date.now();
      post({ type: 'progress', rows: n });
    },
  });
  await finished(out);
  post({ type: 'done', rows });
} catch (err) {
  post({ type: 'error', message: (err as Error).message });
} finally {
  await handle.close();
}
