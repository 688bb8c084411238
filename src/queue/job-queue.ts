import type { DeadJob, StoredJob } from '../store';

/** The queues Parley uses. */
export type QueueName = 'inbound' | 'outbound' | 'broadcast' | 'maintenance';

/** A job to add. */
export interface NewJob<T> {
  readonly data: T;
  /**
   * Jobs with the same key run one at a time, in the order they were added (one contact's events);
   * jobs with different keys run in parallel.
   */
  readonly orderingKey?: string;
  /** A stable id makes adding idempotent: a job whose id is already queued is not added again. */
  readonly jobId?: string;
  /** Run no earlier than this many ms from now. */
  readonly delayMs?: number;
}

/** A job handed to a handler. */
export interface Job<T> {
  readonly id: string;
  readonly queue: QueueName;
  readonly data: T;
  /** 1 on the first run. */
  readonly attempt: number;
  readonly orderingKey: string | null;
}

/** How a queue's jobs are retried. */
export interface RetryPolicy {
  /** Runs in all, first included (default 5). */
  readonly attempts: number;
  /** Delay before the 2nd run; doubles each time, with ±20 % jitter (default 500 ms). */
  readonly backoffMs: number;
  /** Cap on one delay (default 60 s). */
  readonly maxBackoffMs: number;
}

/** A job handler; throwing retries the job, throwing {@link UnrecoverableJobError} fails it at once. */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

/** Options of {@link JobQueue.process}. */
export interface ProcessOptions {
  /** Jobs of different ordering keys run at most this many at a time (default 8). */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Called when a job has failed for good (dead-lettered), after its last attempt. */
  readonly onDead?: (job: Job<unknown>, error: unknown) => void;
}

/**
 * A transactional outbox, offered by a queue whose jobs are rows of the {@link Store} (the in-process
 * queue): jobs written by another store write (`Turn.jobs`) are queued exactly when that write
 * commits, and a handler's own job can be completed by the same write (`completesJob`), so a message
 * needs one commit where it needed three.
 */
export interface JobOutbox {
  /** The rows `add(queue, jobs)` would store, for a store write to carry; nothing is queued yet. */
  stage<T>(queue: QueueName, jobs: readonly NewJob<T>[]): StoredJob[];
  /**
   * Call once the write carrying `rows` has committed: queues them (ids already known are skipped).
   * `completed`: the id of the running job that write also removed; the queue does not complete it again.
   */
  committed(rows: readonly StoredJob[], completed?: string): void;
}

/**
 * The job-queue port: an in-process durable adapter (default) and a BullMQ adapter pass one contract
 * suite. `add` resolves only once the jobs are durable (a crash after it loses nothing).
 */
export interface JobQueue {
  readonly kind: string;
  add<T>(queue: QueueName, jobs: readonly NewJob<T>[]): Promise<void>;
  /** Present when jobs can be written inside store writes (see {@link JobOutbox}). */
  readonly outbox?: JobOutbox;
  /** Starts consuming `queue` with `handler`. One handler per queue per process. */
  process<T>(queue: QueueName, handler: JobHandler<T>, options?: ProcessOptions): Promise<void>;
  /** Jobs that failed for good, newest first. */
  deadJobs(queue: QueueName, limit?: number): Promise<DeadJob[]>;
  /**
   * Removes every job of `orderingKey` that has not started, in every queue — a deleted contact's
   * pending work. A job already running is left to finish. Returns how many were removed.
   */
  removePending(orderingKey: string): Promise<number>;
  /** Resolves when no job is waiting, delayed or running (tests, benchmarks, shutdown). */
  drain(): Promise<void>;
  /** Stops taking jobs, waits for running ones, releases resources. */
  close(): Promise<void>;
}

/** Thrown by a handler for a failure that retrying cannot fix (BullMQ's `UnrecoverableError`). */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

/** The default retry policy. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 500, maxBackoffMs: 60_000 };

/** Delay before run `attempt + 1` after `attempt` failed: exponential with ±20 % jitter, capped. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
