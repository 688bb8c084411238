import type { Database } from 'better-sqlite3';
import type { DeadJob, JobStore, StoredJob } from '../store';

interface JobRow {
  readonly id: string;
  readonly queue: string;
  readonly ordering_key: string | null;
  readonly data: string;
  readonly attempts: number;
  readonly run_at: number;
  readonly created_at: number;
  readonly last_error: string | null;
  readonly failed_at: number | null;
}

const toJob = (r: JobRow): StoredJob => ({
  id: r.id,
  queue: r.queue,
  orderingKey: r.ordering_key,
  data: JSON.parse(r.data) as unknown,
  attempts: r.attempts,
  runAt: r.run_at,
  createdAt: r.created_at,
});

/**
 * The {@link JobStore} half of the SQLite store: the `jobs` table. Writes go through the group commit,
 * so `insertJobs` has resolved only once the jobs are on disk (WAL).
 */
export function createSqliteJobStore(
  db: Database,
  use: <T>(fn: () => T) => T,
  write: <T>(fn: () => T) => Promise<T>,
): JobStore {
  const insert = db.prepare(
    `INSERT INTO jobs (id, queue, ordering_key, data, attempts, run_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const insertMany = db.transaction((jobs: readonly StoredJob[]) =>
    jobs.filter(
      (j) =>
        insert.run(j.id, j.queue, j.orderingKey, JSON.stringify(j.data), j.attempts, j.runAt, j.createdAt)
          .changes > 0,
    ),
  );
  const pending = db.prepare<[string], JobRow>(
    "SELECT * FROM jobs WHERE queue = ? AND status = 'pending' ORDER BY seq",
  );
  const reschedule = db.prepare('UPDATE jobs SET attempts = ?, run_at = ?, last_error = ? WHERE id = ?');
  const complete = db.prepare('DELETE FROM jobs WHERE id = ?');
  const bury = db.prepare(
    "UPDATE jobs SET status = 'dead', attempts = ?, last_error = ?, failed_at = ? WHERE id = ?",
  );
  const dead = db.prepare<[string, number], JobRow>(
    "SELECT * FROM jobs WHERE queue = ? AND status = 'dead' ORDER BY failed_at DESC, seq DESC LIMIT ?",
  );
  return {
    async insertJobs(jobs) {
      return write(() => insertMany(jobs));
    },
    async pendingJobs(queue) {
      return use(() => pending.all(queue).map(toJob));
    },
    async rescheduleJob(id, attempts, runAt, error) {
      await write(() => reschedule.run(attempts, runAt, error, id));
    },
    async completeJob(id) {
      await write(() => complete.run(id));
    },
    async buryJob(id, attempts, error, failedAt) {
      await write(() => bury.run(attempts, error, failedAt, id));
    },
    async deadJobs(queue, limit): Promise<DeadJob[]> {
      return use(() =>
        dead.all(queue, limit).map((r) => ({
          id: r.id,
          queue: r.queue,
          data: JSON.parse(r.data) as unknown,
          attempts: r.attempts,
          error: r.last_error ?? '',
          failedAt: r.failed_at ?? 0,
        })),
      );
    },
  };
}
