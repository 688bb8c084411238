import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../../core';
import { WAL_AUTOCHECKPOINT_PAGES } from './open-database';

/** How often the background thread copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1000;

/** How long `stop` waits for the thread's last checkpoint before terminating it. */
const STOP_TIMEOUT_MS = 5000;

/**
 * The thread's code: plain JavaScript (a worker gets no TypeScript loader), the driver loaded by the
 * path the main thread resolved. A PASSIVE checkpoint never waits for writers or readers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e) });
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
`;

/** A running background checkpointer. */
export interface Checkpointer {
  /** Stops the thread (its last checkpoint finishes first); the connection checkpoints itself again. */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop: a checkpoint copies every page written since the last
 * one into the database file and fsyncs twice, which on a busy store blocks the committing thread
 * for tens of milliseconds — a reply-latency spike every few hundred messages. A worker thread with
 * its own connection checkpoints every {@link CHECKPOINT_INTERVAL_MS} instead, and `db` stops
 * checkpointing once the thread is ready. If the thread fails or exits, `db` checkpoints itself again.
 */
export function startCheckpointer(db: Database, busyTimeoutMs: number, logger: Logger): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: db.name,
      busyTimeoutMs,
      intervalMs: CHECKPOINT_INTERVAL_MS,
    },
  });
  worker.unref();
  const selfCheckpoint = (pages: number) => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${pages}`);
  };
  worker.on('message', (m: { ready?: true; error?: string }) => {
    if (m.ready) selfCheckpoint(0);
    else logger.warn({ event: 'store.sqlite.checkpoint_failed', error: m.error });
  });
  worker.on('error', (e) => logger.warn({ event: 'store.sqlite.checkpointer_failed', err: e }));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      selfCheckpoint(WAL_AUTOCHECKPOINT_PAGES);
      resolve();
    }),
  );
  return {
    async stop() {
      // Held alive until the thread is done; a thread that does not stop in time is terminated.
      worker.ref();
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
