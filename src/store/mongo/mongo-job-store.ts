import type { DeadJob, JobStore, StoredJob } from '../store';
import type { MongoContext } from './mongo-context';
import type { JobDoc } from './mongo-docs';

const toJob = (d: JobDoc): StoredJob => ({
  id: d._id,
  queue: d.queue,
  orderingKey: d.orderingKey,
  data: d.data,
  attempts: d.attempts,
  runAt: d.runAt,
  createdAt: d.createdAt,
});

/**
 * Bulk operations that store `list` with sequence numbers from `firstSeq` on, each unless its id is
 * stored already (an upsert that only sets fields on insert).
 */
export function jobUpserts(list: readonly StoredJob[], firstSeq: number) {
  return list.map((j, i) => ({
    updateOne: {
      filter: { _id: j.id },
      update: {
        $setOnInsert: {
          seq: firstSeq + i,
          queue: j.queue,
          orderingKey: j.orderingKey,
          data: j.data,
          attempts: j.attempts,
          runAt: j.runAt,
          createdAt: j.createdAt,
          status: 'pending' as const,
          lastError: null,
          failedAt: null,
        },
      },
      upsert: true,
    },
  }));
}

/**
 * The {@link JobStore} of the MongoDB store: the `jobs` collection, ordered by a sequence number
 * reserved per insert, so "insertion order" holds across processes. Inserts are upserts on the id,
 * so a job stored twice is stored once.
 */
export function createMongoJobStore(ctx: MongoContext): JobStore {
  const { jobs } = ctx.c;
  return {
    async insertJobs(list) {
      return ctx.use(async () => {
        if (list.length === 0) return [];
        const seq = await ctx.reserveSeq(list.length);
        const result = await jobs.bulkWrite(jobUpserts(list, seq), { ordered: true });
        const inserted = new Set(Object.keys(result.upsertedIds).map(Number));
        return list.filter((_, i) => inserted.has(i));
      });
    },
    async pendingJobs(queue) {
      return ctx.use(async () =>
        (await jobs.find({ queue, status: 'pending' }).sort({ seq: 1 }).toArray()).map(toJob),
      );
    },
    async rescheduleJob(id, attempts, runAt, error) {
      await ctx.use(() => jobs.updateOne({ _id: id }, { $set: { attempts, runAt, lastError: error } }));
    },
    async completeJob(id) {
      await ctx.use(() => jobs.deleteOne({ _id: id }));
    },
    async buryJob(id, attempts, error, failedAt) {
      await ctx.use(() =>
        jobs.updateOne({ _id: id }, { $set: { status: 'dead', attempts, lastError: error, failedAt } }),
      );
    },
    async deadJobs(queue, limit): Promise<DeadJob[]> {
      return ctx.use(async () => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        const docs = await jobs
          .find({ queue, status: 'dead' })
          .sort({ failedAt: -1, seq: -1 })
          .limit(n)
          .toArray();
        return docs.map((d) => ({
          id: d._id,
          queue: d.queue,
          data: d.data,
          attempts: d.attempts,
          error: d.lastError ?? '',
          failedAt: d.failedAt ?? 0,
        }));
      });
    },
  };
}
