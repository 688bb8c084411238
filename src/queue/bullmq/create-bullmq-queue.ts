import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job as BullJob, JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import type { Logger } from '../../core';
import { silentLogger } from '../../core';
import type { DeadJob } from '../../store';
import type { JobHandler, JobQueue, NewJob, ProcessOptions, QueueName, RetryPolicy } from '../job-queue';
import { backoffDelay, DEFAULT_RETRY, UnrecoverableJobError } from '../job-queue';
import { bullJobId, partitionOf } from './partition-of';
import { removePendingJobs } from './remove-pending-jobs';

const QUEUE_NAMES: readonly QueueName[] = ['inbound', 'outbound', 'broadcast', 'maintenance'];

/** Options of {@link createBullmqQueue}. */
export interface BullmqQueueOptions {
  readonly url: string;
  /** Key prefix in Redis; lets several installs (or tests) share one server. */
  readonly prefix: string;
  /** Ordered jobs are spread over this many partitions per queue (default 16). */
  readonly partitions?: number;
  readonly logger?: Logger;
}

interface Envelope {
  readonly id: string;
  readonly data: unknown;
  readonly orderingKey: string | null;
}

/** Completed jobs are kept a while so a repeated job id is still recognised (dedupe). */
const KEEP_COMPLETED = { age: 3600, count: 10_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Runs a job had: recorded in its progress by our retry loops, else BullMQ's count. */
const attemptsOf = (job: { progress: unknown; attemptsMade: number }): number => {
  const recorded = (job.progress as { attempt?: unknown } | null)?.attempt;
  return typeof recorded === 'number' ? recorded : Math.max(job.attemptsMade, 1);
};

/**
 * The {@link JobQueue} on Redis with BullMQ, for API and worker processes on separate machines.
 *
 * Ordering: BullMQ (open source) has no groups, so every queue is split into `partitions` BullMQ
 * queues; a job with an ordering key always goes to the same partition (hash of the key), and each
 * partition has a **global concurrency of 1** — across all worker processes one job runs at a time, in
 * FIFO order. One contact's events therefore run strictly in order while different contacts run in
 * parallel over the partitions. A retry must not let later jobs of the key overtake it, so ordered jobs
 * retry inside the running job (with backoff; the partition waits — other partitions go on); if the
 * worker dies meanwhile BullMQ's stalled-job check hands the job to another worker. Jobs without an
 * ordering key use an unpartitioned queue with BullMQ's own retries and full worker concurrency.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const logger = options.logger ?? silentLogger;
  const partitions = options.partitions ?? 16;
  const connection = new IORedis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
  connection.on('error', (err) => logger.warn({ event: 'queue.redis.error', err: err.message }));
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const concurrencySet = new Set<string>();

  const names = (queue: QueueName) => [
    `${queue}-free`,
    ...Array.from({ length: partitions }, (_, i) => `${queue}-p${i}`),
  ];
  const bullQueue = (name: string): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix: options.prefix });
      // Without a listener BullMQ prints raw stack traces during a Redis outage; log them structured.
      q.on('error', (err) => logger.warn({ event: 'queue.redis.error', queue: name, err: err.message }));
      queues.set(name, q);
    }
    return q;
  };
  const ensureOrdered = async (name: string) => {
    if (concurrencySet.has(name)) return;
    await bullQueue(name).setGlobalConcurrency(1);
    concurrencySet.add(name);
  };

  /** A job failed for good: log it and tell the consumer, before BullMQ moves it to the failed set. */
  const dead = (
    queue: QueueName,
    env: Envelope,
    attempt: number,
    error: unknown,
    onDead: ProcessOptions['onDead'],
  ) => {
    logger.warn({ event: 'queue.job.dead', queue, jobId: env.id, attempt, error: String(error) });
    onDead?.({ id: env.id, queue, data: env.data, attempt, orderingKey: env.orderingKey }, error);
  };

  const runWithRetries = async (
    env: Envelope,
    queue: QueueName,
    handler: JobHandler<unknown>,
    retry: RetryPolicy,
    bullJob: BullJob,
    onDead: ProcessOptions['onDead'],
  ) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler({ id: env.id, queue, data: env.data, attempt, orderingKey: env.orderingKey });
        return;
      } catch (error) {
        if (error instanceof UnrecoverableJobError || attempt >= retry.attempts) {
          await bullJob.updateProgress({ attempt }).catch(() => undefined);
          dead(queue, env, attempt, error, onDead);
          throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
        }
        const delay = backoffDelay(attempt, retry);
        logger.info({ event: 'queue.job.retry', queue, jobId: env.id, attempt, delay, error: String(error) });
        await bullJob.updateProgress({ attempt }).catch(() => undefined);
        await sleep(delay);
      }
    }
  };

  return {
    kind: 'bullmq',
    async add<T>(queue: QueueName, jobs: readonly NewJob<T>[]) {
      const byQueue = new Map<string, { name: string; data: Envelope; opts: JobsOptions }[]>();
      for (const job of jobs) {
        const id = job.jobId ?? randomUUID();
        const ordered = job.orderingKey !== undefined;
        const name = ordered ? `${queue}-p${partitionOf(job.orderingKey!, partitions)}` : `${queue}-free`;
        if (ordered) await ensureOrdered(name);
        const opts: JobsOptions = {
          jobId: bullJobId(id),
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: false,
          // Unordered jobs use BullMQ's retries (the worker's backoff strategy); ordered ones retry in the job.
          ...(ordered ? {} : { attempts: DEFAULT_RETRY.attempts, backoff: { type: 'custom' } }),
          ...(job.delayMs ? { delay: job.delayMs } : {}),
        };
        const list = byQueue.get(name) ?? [];
        list.push({ name: queue, data: { id, data: job.data, orderingKey: job.orderingKey ?? null }, opts });
        byQueue.set(name, list);
      }
      await Promise.all([...byQueue].map(([name, list]) => bullQueue(name).addBulk(list)));
    },
    async process<T>(queue: QueueName, handler: JobHandler<T>, opts: ProcessOptions = {}) {
      const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
      const h = handler as JobHandler<unknown>;
      for (const name of names(queue)) {
        const ordered = name !== `${queue}-free`;
        if (ordered) await ensureOrdered(name);
        const worker = new Worker(
          name,
          async (bullJob: BullJob) => {
            const env = bullJob.data as Envelope;
            if (ordered) return runWithRetries(env, queue, h, retry, bullJob, opts.onDead);
            const attempt = bullJob.attemptsMade + 1;
            try {
              await h({ id: env.id, queue, data: env.data, attempt, orderingKey: null });
            } catch (error) {
              // The consuming process's retry policy governs, whatever the adding process assumed.
              if (error instanceof UnrecoverableJobError || attempt >= retry.attempts) {
                await bullJob.updateProgress({ attempt }).catch(() => undefined);
                dead(queue, env, attempt, error, opts.onDead);
                throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
              }
              throw error;
            }
          },
          {
            connection,
            prefix: options.prefix,
            concurrency: ordered ? 1 : (opts.concurrency ?? 8),
            // A partition waits for a dead worker's lock to expire: keep that short (renewed while running).
            ...(ordered ? { lockDuration: 5000, stalledInterval: 5000 } : {}),
            settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, retry) },
          },
        );
        worker.on('error', (err) => logger.warn({ event: 'queue.worker.error', queue, err: err.message }));
        workers.push(worker);
      }
    },
    async deadJobs(queue: QueueName, limit = 100): Promise<DeadJob[]> {
      const all: DeadJob[] = [];
      for (const name of names(queue)) {
        for (const job of await bullQueue(name).getFailed(0, limit - 1)) {
          const env = job.data as Envelope;
          all.push({
            id: env.id,
            queue,
            data: env.data,
            attempts: attemptsOf(job),
            error: job.failedReason ?? '',
            failedAt: job.finishedOn ?? 0,
          });
        }
      }
      return all.sort((a, b) => b.failedAt - a.failedAt).slice(0, limit);
    },
    async removePending(orderingKey) {
      // An ordering key lives in one partition of each queue.
      const partition = partitionOf(orderingKey, partitions);
      let removed = 0;
      for (const queue of QUEUE_NAMES) {
        removed += await removePendingJobs(bullQueue(`${queue}-p${partition}`), orderingKey);
      }
      return removed;
    },
    async drain() {
      for (;;) {
        let busy = 0;
        for (const q of queues.values()) {
          const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          busy += Object.values(c).reduce((a, b) => a + b, 0);
        }
        if (busy === 0) return;
        await sleep(20);
      }
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
