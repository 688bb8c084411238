import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core';
import { silentLogger } from '../../core';
import type { DeadJob, JobStore, StoredJob } from '../../store';
import type {
  Job,
  JobHandler,
  JobOutbox,
  JobQueue,
  NewJob,
  ProcessOptions,
  QueueName,
  RetryPolicy,
} from '../job-queue';
import { backoffDelay, DEFAULT_RETRY, UnrecoverableJobError } from '../job-queue';
import { createSemaphore } from './semaphore';

/** What the in-process queue needs. */
export interface InlineQueueDeps {
  /** Where jobs are kept until they succeed, so a crash loses nothing (the store's job table). */
  readonly store: JobStore;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface Consumer {
  readonly handler: JobHandler<unknown>;
  readonly retry: RetryPolicy;
  readonly acquire: () => Promise<() => void>;
  readonly onDead?: ProcessOptions['onDead'];
}

/**
 * The default {@link JobQueue}: runs jobs in this process, durably. `add` writes the jobs to the
 * store before resolving; a job is deleted only after its handler succeeded (or moved to the dead
 * letters after its last attempt), and jobs left over from a crash run again when `process` starts.
 * Jobs with one ordering key run one at a time in order — a retry holds back the jobs behind it.
 * A lane runs as soon as its job is added (no polling). Its {@link JobOutbox} lets a handler's store
 * write also queue jobs and complete the handler's own job.
 */
export function createInlineQueue(deps: InlineQueueDeps): JobQueue {
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const consumers = new Map<QueueName, Consumer>();
  /** Waiting jobs per lane (`queue` + ordering key); the head is running or waiting for its time. */
  const lanes = new Map<string, StoredJob[]>();
  const known = new Set<string>();
  const running = new Set<Promise<void>>();
  /** Lanes waiting for a delayed or retried job; woken early on close. */
  const sleepers = new Map<NodeJS.Timeout, () => void>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;
  /** Running jobs that a handler's store write removed already (see {@link JobOutbox.committed}). */
  const completedByWrite = new Set<string>();
  /** Jobs inside their handler (they cannot be removed), and removed jobs a lane loop still holds. */
  const active = new Set<string>();
  const cancelled = new Set<string>();

  const laneKey = (job: StoredJob) => `${job.queue}\u0000${job.orderingKey ?? job.id}`;

  const settleIdle = () => {
    if (lanes.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleepers.delete(timer);
        resolve();
      }, ms);
      sleepers.set(timer, resolve);
    });

  const runOne = async (job: StoredJob, consumer: Consumer): Promise<void> => {
    const release = await consumer.acquire();
    if (cancelled.delete(job.id)) {
      release();
      return;
    }
    active.add(job.id);
    try {
      const attempt = job.attempts + 1;
      const view: Job<unknown> = {
        id: job.id,
        queue: job.queue as QueueName,
        data: job.data,
        attempt,
        orderingKey: job.orderingKey,
      };
      try {
        await consumer.handler(view);
        if (!completedByWrite.delete(job.id)) await deps.store.completeJob(job.id);
        return;
      } catch (error) {
        completedByWrite.delete(job.id);
        const message = error instanceof Error ? error.message : String(error);
        const final = error instanceof UnrecoverableJobError || attempt >= consumer.retry.attempts;
        if (final) {
          await deps.store.buryJob(job.id, attempt, message, now());
          logger.warn({ event: 'queue.job.dead', queue: job.queue, jobId: job.id, attempt, error: message });
          consumer.onDead?.(view, error);
          return;
        }
        const runAt = now() + backoffDelay(attempt, consumer.retry, deps.random);
        await deps.store.rescheduleJob(job.id, attempt, runAt, message);
        logger.info({
          event: 'queue.job.retry',
          queue: job.queue,
          jobId: job.id,
          attempt,
          runAt,
          error: message,
        });
        job.attempts = attempt;
        job.runAt = runAt;
        throw new RetryLater();
      }
    } finally {
      active.delete(job.id);
      release();
    }
  };

  const drive = async (key: string): Promise<void> => {
    const lane = lanes.get(key);
    while (lane && lane.length > 0 && !closed) {
      const job = lane[0]!;
      const consumer = consumers.get(job.queue as QueueName);
      if (!consumer) return; // runs once `process` is called for this queue
      const wait = job.runAt - now();
      if (wait > 0) await sleep(wait);
      if (closed) return;
      if (cancelled.delete(job.id)) continue; // removed while it waited; the lane moved on
      try {
        await runOne(job, consumer);
      } catch (error) {
        if (error instanceof RetryLater) continue;
        // The store failed: keep the job (it is still stored) and try again shortly.
        logger.error({ event: 'queue.store_failed', queue: job.queue, jobId: job.id, err: error });
        job.runAt = now() + 1000;
        continue;
      }
      if (lane[0] === job) lane.shift();
      known.delete(job.id);
    }
    if (lane && lane.length === 0) {
      lanes.delete(key);
      settleIdle();
    }
  };

  /** Lanes with a running driver loop; one driver per lane keeps its jobs in order. */
  const driving = new Set<string>();
  const start = (key: string) => {
    if (driving.has(key)) return;
    driving.add(key);
    const p = drive(key).finally(() => {
      driving.delete(key);
      running.delete(p);
      // A job may have joined (a new lane under the same key) while this loop was finishing.
      const head = lanes.get(key)?.[0];
      if (head && !closed && consumers.has(head.queue as QueueName)) start(key);
    });
    running.add(p);
  };

  const enqueueInMemory = (jobs: readonly StoredJob[]) => {
    const toStart = new Set<string>();
    for (const job of jobs) {
      if (known.has(job.id)) continue;
      known.add(job.id);
      const key = laneKey(job);
      const lane = lanes.get(key);
      if (lane) lane.push(job);
      else {
        lanes.set(key, [job]);
        toStart.add(key);
      }
    }
    for (const key of toStart) start(key);
  };

  const toStored = <T>(queue: QueueName, jobs: readonly NewJob<T>[]): StoredJob[] => {
    const at = now();
    return jobs.map((j) => ({
      id: j.jobId ?? randomUUID(),
      queue,
      orderingKey: j.orderingKey ?? null,
      data: j.data,
      attempts: 0,
      runAt: at + (j.delayMs ?? 0),
      createdAt: at,
    }));
  };

  const outbox: JobOutbox = {
    stage: toStored,
    committed(rows, completed) {
      if (completed !== undefined) completedByWrite.add(completed);
      if (!closed) enqueueInMemory(rows);
    },
  };

  return {
    kind: 'inline',
    outbox,
    async add<T>(queue: QueueName, jobs: readonly NewJob<T>[]) {
      if (jobs.length === 0) return;
      const fresh = await deps.store.insertJobs(toStored(queue, jobs));
      if (!closed) enqueueInMemory(fresh);
    },
    async process<T>(queue: QueueName, handler: JobHandler<T>, options: ProcessOptions = {}) {
      if (consumers.has(queue)) throw new Error(`queue ${queue} already has a handler`);
      consumers.set(queue, {
        handler: handler as JobHandler<unknown>,
        retry: { ...DEFAULT_RETRY, ...options.retry },
        acquire: createSemaphore(options.concurrency ?? 8),
        ...(options.onDead ? { onDead: options.onDead } : {}),
      });
      const leftover = await deps.store.pendingJobs(queue);
      if (leftover.length > 0) logger.info({ event: 'queue.recovered', queue, jobs: leftover.length });
      enqueueInMemory(leftover);
      // Lanes created before the handler existed are waiting for it.
      for (const [key, lane] of lanes) if (lane[0]?.queue === queue) start(key);
    },
    deadJobs(queue: QueueName, limit = 100): Promise<DeadJob[]> {
      return deps.store.deadJobs(queue, limit);
    },
    async removePending(orderingKey) {
      const removed: StoredJob[] = [];
      for (const [key, lane] of lanes) {
        const head = lane[0];
        if (head?.orderingKey !== orderingKey) continue; // a lane holds one key's jobs
        const keepHead = active.has(head.id);
        const dropped = lane.splice(keepHead ? 1 : 0);
        for (const job of dropped) known.delete(job.id);
        // The lane loop holds its head while it waits (for its time or a slot): it must skip it.
        if (!keepHead && driving.has(key)) cancelled.add(head.id);
        if (lane.length === 0 && !driving.has(key)) lanes.delete(key);
        removed.push(...dropped);
      }
      settleIdle();
      for (const job of removed) await deps.store.completeJob(job.id);
      return removed.length;
    },
    drain() {
      if (lanes.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const [timer, wake] of sleepers) {
        clearTimeout(timer);
        wake();
      }
      sleepers.clear();
      await Promise.allSettled([...running]);
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}

/** Internal signal: the head job was rescheduled; the lane loop waits for it. */
class RetryLater extends Error {}
