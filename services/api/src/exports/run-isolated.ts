import { Worker } from 'node:worker_threads';
import type { ExportFormat, ExportKind } from '@lp/contracts/exports';
import type { TopicExportParams } from './records';

export interface ExportFileJob {
  entry: string;
  databaseUrl: string;
  kind: ExportKind;
  format: ExportFormat;
  params: TopicExportParams;
  topicNames: Array<[string, string]>;
  path: string;
  /** Rows read at a time (default EXPORT_BATCH_ROWS). */
  batchSize?: number;
}

export type ExportFileMessage =
  { type: 'progress'; rows: number } | { type: 'done'; rows: number } | { type: 'error'; message: string };

const BOOT = new URL('./file-worker.boot.mjs', import.meta.url);
const ENTRY = new URL('./file-worker.ts', import.meta.url).href;

/**
 * The heap a background export may use. Its live data is one batch of rows (a few MB); without a
 * cap V8 lets garbage grow the heap far past that before collecting (bench:export measured 230 MB
 * RSS uncapped, 145 MB with a 96 MB heap, at the same speed).
 */
export const EXPORT_HEAP_MB = 96;

/**
 * Writes a background export to a file in a worker thread of its own: its memory is capped apart
 * from the API's (which keeps answering the dashboard meanwhile), and a failure in it fails the
 * export, never the API. Answers the rows written; `onProgress` hears how far it has got.
 */
export function writeExportFile(
  job: Omit<ExportFileJob, 'entry'>,
  onProgress: (rows: number) => void | Promise<void>,
  heapMb = EXPORT_HEAP_MB,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, {
      workerData: { ...job, entry: ENTRY } satisfies ExportFileJob,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    // Progress writes run one after another, and the export is answered only once the last has
    // settled: a late progress write must never land after the caller has marked the job done.
    let progressWrites: Promise<unknown> = Promise.resolve();
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void progressWrites.then(fn);
    };
    worker.on('message', (m: ExportFileMessage) => {
      if (m.type === 'progress') {
        progressWrites = progressWrites.then(() => onProgress(m.rows)).catch(() => undefined);
      } else if (m.type === 'done') settle(() => resolve(m.rows));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) =>
      settle(() =>
        reject(
          /ERR_WORKER_OUT_OF_MEMORY/.test(String((err as NodeJS.ErrnoException).code ?? err.message))
            ? new Error(`the export needed more than ${heapMb} MB`)
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(`the export stopped (exit ${code})`))));
  });
}
