// Entry of the thread that writes a background export (run-isolated.ts). The API runs its
// TypeScript through tsx; a worker thread starts without the parent's loader, so it registers
// tsx itself and then loads the writer.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
