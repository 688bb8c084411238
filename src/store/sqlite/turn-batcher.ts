import type { Database } from 'better-sqlite3';
import type { ConversationState, Result } from '../../core';
import type { Turn, TurnRejection } from '../store';
import type { WriteTurn } from './commit-turn';
import { toStoreError } from './to-store-error';

/** At most this many turns share one transaction, so one flush never holds the lock for long. */
export const MAX_TURNS_PER_TRANSACTION = 256;

type Outcome = Result<ConversationState, TurnRejection>;

interface Pending {
  readonly turn: Turn;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Group commit for turns: see {@link createTurnBatcher}. */
export interface TurnBatcher {
  /** Queues a turn; settles once the transaction holding it has committed (or failed). */
  submit(turn: Turn): Promise<Outcome>;
  /** Writes everything queued now, synchronously. Called by the timer and before closing. */
  flush(): void;
}

/**
 * Group commit: turns submitted before the pending promise jobs have run (the same tick, or lanes
 * resumed by the previous batch) are written in one `BEGIN IMMEDIATE`
 * transaction, each in its own SAVEPOINT. A rejected or failing turn rolls back only its savepoint;
 * the others commit together, so per-turn atomicity is unchanged while the fixed cost of a
 * transaction (locks, WAL frames of shared pages) is paid once per batch instead of once per turn.
 * Turns are applied in submission order, so two turns for one contact behave as if sequential.
 * If the commit itself fails (disk full, busy), every turn of the batch is rejected with that error.
 */
export function createTurnBatcher(db: Database, writeTurn: WriteTurn): TurnBatcher {
  let queue: Pending[] = [];
  let scheduled = false;

  const writeBatch = db.transaction((batch: readonly Pending[], outcomes: (() => void)[]) => {
    for (const p of batch) {
      try {
        const outcome = writeTurn(p.turn);
        outcomes.push(() => p.resolve(outcome));
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
    for (let i = 0; i < all.length; i += MAX_TURNS_PER_TRANSACTION) {
      flushChunk(all.slice(i, i + MAX_TURNS_PER_TRANSACTION));
    }
  }

  return {
    submit(turn) {
      return new Promise<Outcome>((resolve, reject) => {
        queue.push({ turn, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // A promise job, not setImmediate/queueMicrotask: fake timers in tests cannot freeze it.
          void Promise.resolve().then(flush);
        }
      });
    },
    flush,
  };
}
