import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '@lp/contracts/imports';
import { ImportFileError, type FileRecord, type FileRecords } from './records';
import type { ReadWorkerData, ReadWorkerMessage } from './read-worker';

/** What one upload may cost the ingest process; beyond any of them the import fails with the reason. */
export interface ReadLimits {
  maxRows: number;
  timeLimitMs: number;
  /** The reading thread's heap. */
  maxMemoryMb: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxRows: 200_000, timeLimitMs: 60_000, maxMemoryMb: 1_024 };

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

const BOOT = new URL('./read-worker.boot.mjs', import.meta.url);
const ENTRY = new URL('./read-worker.ts', import.meta.url).href;

/**
 * Reads a file's rows in a worker thread, so parsing a large or hostile upload never blocks the
 * event loop that polling shares: the thread is stopped at the time limit, its heap is capped, and
 * rows come back in batches, each copied on its own turn.
 */
export function isolatedReader(limits: ReadLimits = DEFAULT_READ_LIMITS) {
  return (buffer: Buffer, format: ImportFormat): Promise<FileRecords> =>
    new Promise((resolve, reject) => {
      // A copy of its own, handed over rather than cloned (a Buffer from pg may share a pool).
      const bytes = new Uint8Array(buffer);
      const workerData: ReadWorkerData = { entry: ENTRY, bytes, format, maxRows: limits.maxRows };
      const worker = new Worker(BOOT, {
        workerData,
        transferList: [bytes.buffer],
        resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
        stdout: false,
        stderr: false,
      });
      let headers: string[] | null = null;
      const records: FileRecord[] = [];
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new ImportFileError(
                `reading the file took more than ${duration(limits.timeLimitMs)}; split it into smaller files`,
              ),
            ),
          ),
        limits.timeLimitMs,
      );
      worker.on('message', (m: ReadWorkerMessage) => {
        if (m.type === 'headers') headers = m.headers;
        else if (m.type === 'rows') for (const r of m.records) records.push(r);
        else if (m.type === 'end') settle(() => resolve({ headers, records }));
        else settle(() => reject(new ImportFileError(m.message)));
      });
      worker.on('error', (err: Error & { code?: string }) =>
        settle(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ImportFileError(
                  `reading the file needed more than ${limits.maxMemoryMb} MB of memory; split it into smaller files`,
                )
              : err,
          ),
        ),
      );
      worker.on('exit', (code) =>
        settle(() => reject(new Error(`the file reader stopped (exit code ${code}) before finishing`))),
      );
    });
}
