import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ParleyError } from '../../core';
import type { Logger } from '../../core';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * WAL frames (pages) after which a commit checkpoints the WAL into the database (SQLite's default is
 * 1000). A turn dirties ~20 pages, so the default checkpoints every ~50 turns and each checkpoint
 * fsyncs twice; 10,000 pages (~40 MB of WAL) cuts checkpoints tenfold and lets each copy a page
 * rewritten by many turns once. Measured: sequential commitTurn p99 7.8 ms → 0.4 ms, CPU per turn −30 %.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** The WAL file is truncated back to this size after a checkpoint, so it cannot stay huge. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens (creating if needed, parent directories included) the SQLite database at `file`, or a private
 * in-memory one for `':memory:'`, and sets the connection up: WAL + `synchronous=NORMAL` for files
 * (durable across process crashes, one fsync per checkpoint instead of per commit), foreign keys on,
 * a busy timeout for multi-process use.
 * @throws ParleyError `store.unavailable` when the file cannot be opened or is not a database.
 */
export function openDatabase(file: string, busyTimeoutMs: number, logger: Logger): Database.Database {
  const inMemory = file === ':memory:';
  try {
    if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { timeout: busyTimeoutMs });
    try {
      const journalMode = inMemory ? 'memory' : String(db.pragma('journal_mode = WAL', { simple: true }));
      if (!inMemory) {
        db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      }
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('temp_store = MEMORY');
      logger.debug({ event: 'store.sqlite.opened', file, journalMode }, 'SQLite store opened');
      return db;
    } catch (e) {
      db.close();
      throw e;
    }
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ParleyError('store.unavailable', `Cannot open SQLite database ${file}: ${reason}`, {
      details: { file },
      cause,
    });
  }
}
