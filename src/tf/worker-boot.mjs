// Entry of a training worker thread: registers tsx (workers do not inherit the parent's loader) and
// imports the TypeScript module named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
