// Entry of the thread that reads an uploaded file (read-isolated.ts). The service runs its
// TypeScript through tsx; a worker thread starts without the parent's loader, so it registers
// tsx itself and then loads the reader.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
