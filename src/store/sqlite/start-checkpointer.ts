import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../../core';
import { WAL_AUTOCHECKPOINT_PAGES } from './open-database';

/** How often the background thread copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * WAL frames (pages) after which the thread also restarts the WAL (~16 MB). Under continuous writes a
 * PASSIVE checkpoint never catches up with the writer, and SQLite only rewinds the WAL once it has:
 * measured at 500 messages/s, the WAL grew to 1.5 GB in 25 s, every commit extended the file (block
 * allocation on the committing thread) and the truncation afterwards stalled the event loop for
 * hundreds of milliseconds. A RESTART checkpoint right after a PASSIVE one has only the last few
 * hundred frames left to copy, holds the write lock for a few milliseconds, and rewinds the WAL.
 */
export const WAL_RESTART_FRAMES = 4000;

/**
 * The longest the thread waits for the write lock and for readers in a RESTART checkpoint; it holds
 * the write lock meanwhile, so this bounds how long it can delay the committing thread. A reader
 * that takes longer (a long report) just postpones the restart to the next round.
 */
export const RESTART_BUSY_TIMEOUT_MS = 20;

/** How long `stop` waits for the thread's last checkpoint before terminating it. */
const STOP_TIMEOUT_MS = 5000;

/**
 * The thread's code: plain JavaScript (a worker gets no TypeScript loader), the driver loaded by the
 * path the main thread resolved. A PASSIVE checkpoint never waits for writers or readers; a RESTART
 * one (when the WAL is long) waits at most `restartBusyMs`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const timer = setInterval(() => {
  try {
    const passive = checkpoint('PASSIVE');
    if (passive.log < workerData.restartFrames) return;
    db.pragma('busy_timeout = ' + workerData.restartBusyMs);
    try {
      const restart = checkpoint('RESTART');
      parentPort.postMessage({ restarted: restart.busy === 0, frames: passive.log });
    } finally {
      db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
    }
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

/** What the thread reports. */
type CheckpointerMessage =
  | { readonly ready: true }
  | { readonly error: string }
  | { readonly restarted: boolean; readonly frames: number };

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
 * Once the WAL holds `restartFrames` frames, the thread also rewinds it (see {@link WAL_RESTART_FRAMES}).
 */
export function startCheckpointer(
  db: Database,
  busyTimeoutMs: number,
  logger: Logger,
  restartFrames: number = WAL_RESTART_FRAMES,
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: db.name,
      busyTimeoutMs,
      intervalMs: CHECKPOINT_INTERVAL_MS,
      restartFrames,
      restartBusyMs: RESTART_BUSY_TIMEOUT_MS,
    },
  });
  worker.unref();
  const selfCheckpoint = (pages: number) => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${pages}`);
  };
  worker.on('message', (m: CheckpointerMessage) => {
    if ('ready' in m) selfCheckpoint(0);
    else if ('error' in m) logger.warn({ event: 'store.sqlite.checkpoint_failed', error: m.error });
    else logger.debug({ event: 'store.sqlite.wal_restart', restarted: m.restarted, frames: m.frames });
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
