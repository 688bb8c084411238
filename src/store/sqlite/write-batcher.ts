import { setImmediate } from 'node:timers';
import type { Database } from 'better-sqlite3';
import { toStoreError } from './to-store-error';

/** At most this many writes share one transaction, so one flush never holds the lock for long. */
export const MAX_WRITES_PER_TRANSACTION = 256;

interface Pending {
  readonly write: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Group commit for small writes: see {@link createWriteBatcher}. */
export interface WriteBatcher {
  /** Queues a synchronous write; settles once the transaction holding it has committed (or failed). */
  submit<T>(write: () => T): Promise<T>;
  /** Writes everything queued now, synchronously. Called when scheduled and before closing. */
  flush(): void;
}

/**
 * Group commit: every write submitted during one turn of the event loop (all the I/O callbacks and
 * promise jobs of one poll phase) runs in one `BEGIN IMMEDIATE` transaction, flushed by `setImmediate`
 * right after the poll phase. The fixed cost of a transaction (locks, WAL frames of shared pages) is
 * paid once per batch instead of once per write — on the hot path of every message (webhook acks,
 * turns, jobs, deliveries) — and the busier the process, the larger the batches. Writes apply in
 * submission order.
 *
 * Each write must be atomic on its own: a single statement (SQLite undoes a failed statement and
 * keeps the transaction), or a better-sqlite3 transaction function (a SAVEPOINT inside the batch). A
 * write that throws is rejected alone; the others commit together. If the transaction itself fails
 * (disk full, busy, I/O error), every write of the batch is rejected with that error.
 *
 * `setImmediate` comes from `node:timers`, not the global: a test's fake timers cannot freeze it.
 */
export function createWriteBatcher(db: Database): WriteBatcher {
  let queue: Pending[] = [];
  let scheduled = false;

  const writeBatch = db.transaction((batch: readonly Pending[], outcomes: (() => void)[]) => {
    for (const p of batch) {
      try {
        const value = p.write();
        outcomes.push(() => p.resolve(value));
      } catch (e) {
        // SQLite may have rolled back the whole transaction (I/O error, full disk): stop the batch.
        if (!db.inTransaction) throw e;
        const error = toStoreError(e);
        outcomes.push(() => p.reject(error));
      }
    }
  });

  function flushChunk(batch: readonly Pending[]): void {
    const outcomes: (() => void)[] = [];
    try {
      writeBatch.immediate(batch, outcomes);
    } catch (e) {
      const error = toStoreError(e);
      for (const p of batch) p.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }

  function flush(): void {
    scheduled = false;
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; i += MAX_WRITES_PER_TRANSACTION) {
      flushChunk(all.slice(i, i + MAX_WRITES_PER_TRANSACTION));
    }
  }

  return {
    submit<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    flush,
  };
}
