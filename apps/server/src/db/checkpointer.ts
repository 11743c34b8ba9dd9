import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS for an eval worker: no file to locate, so it runs the same from src/ and dist/.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** Stops the background checkpoints (and closes the worker's connection). */
export type StopCheckpoints = () => Promise<void>;

/**
 * Copies the SQLite write-ahead log into the database file from a worker thread every `intervalMs`.
 * better-sqlite3 is synchronous, so a checkpoint (with its fsync) on the serving connection would stall
 * every request for its duration; a PASSIVE checkpoint on another connection never blocks writers.
 * @see https://sqlite.org/wal.html#checkpointing
 */
export function startBackgroundCheckpoints(file: string, intervalMs = 200): StopCheckpoints {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  // A failing checkpointer only means the serving connection checkpoints by itself again.
  worker.on('error', () => {});
  return async () => {
    // Held while stopping: otherwise a process with nothing else left would end before the worker
    // closed its connection (and before whatever the caller does after this).
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Referenced while it stops: with nothing else left to wait for (a start-up that failed), an
    // unreferenced worker would let Node exit mid-await (code 13) before the caller says why.
    worker.ref();
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await worker.terminate();
  };
}
