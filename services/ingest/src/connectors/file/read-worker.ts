import { parentPort, workerData } from 'node:worker_threads';
import type { ImportFormat } from '@lp/contracts/imports';
import { ImportFileError, readRecords, type FileRecord } from './records';

export interface ReadWorkerData {
  entry: string;
  bytes: Uint8Array;
  format: ImportFormat;
  maxRows: number;
}

export type ReadWorkerMessage =
  | { type: 'headers'; headers: string[] | null }
  | { type: 'rows'; records: FileRecord[] }
  | { type: 'end' }
  | { type: 'refused'; message: string };

/** Rows per message: each is copied into the main thread on its own turn of the event loop. */
const BATCH = 2_000;

const data = workerData as ReadWorkerData;
const post = (m: ReadWorkerMessage) => parentPort!.postMessage(m);
try {
  const buffer = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  const { headers, records } = await readRecords(buffer, data.format, { maxRows: data.maxRows });
  post({ type: 'headers', headers });
  for (let i = 0; i < records.length; i += BATCH) post({ type: 'rows', records: records.slice(i, i + BATCH) });
  post({ type: 'end' });
} catch (err) {
  if (!(err instanceof ImportFileError)) throw err;
  post({ type: 'refused', message: err.message });
}
