import type { Database } from 'better-sqlite3';
import type { DeadJob, JobStore } from '../store';
import { jobParams, toStoredJob } from './job-rows';
import type { JobRow } from './job-rows';
import type { SqliteStatements } from './sqlite-statements';

/**
 * The {@link JobStore} half of the SQLite store: the `jobs` table. Writes go through the group commit,
 * so `insertJobs` has resolved only once the jobs are on disk (WAL).
 */
export function createSqliteJobStore(
  db: Database,
  s: SqliteStatements,
  use: <T>(fn: () => T) => T,
  write: <T>(fn: () => T) => Promise<T>,
): JobStore {
  const insertMany = db.transaction((jobs: Parameters<JobStore['insertJobs']>[0]) =>
    jobs.filter((j) => s.insertJob.run(jobParams(j)).changes > 0),
  );
  const pending = db.prepare<[string], JobRow>(
    "SELECT * FROM jobs WHERE queue = ? AND status = 'pending' ORDER BY seq",
  );
  const reschedule = db.prepare('UPDATE jobs SET attempts = ?, run_at = ?, last_error = ? WHERE id = ?');
  const bury = db.prepare(
    "UPDATE jobs SET status = 'dead', attempts = ?, last_error = ?, failed_at = ? WHERE id = ?",
  );
  const dead = db.prepare<[string, number], JobRow>(
    "SELECT * FROM jobs WHERE queue = ? AND status = 'dead' ORDER BY failed_at DESC, seq DESC LIMIT ?",
  );
  return {
    async insertJobs(jobs) {
      const [only] = jobs;
      // One job is one statement (atomic by itself): no savepoint needed.
      if (jobs.length === 1 && only !== undefined)
        return write(() => (s.insertJob.run(jobParams(only)).changes > 0 ? [only] : []));
      return write(() => insertMany(jobs));
    },
    async pendingJobs(queue) {
      return use(() => pending.all(queue).map(toStoredJob));
    },
    async rescheduleJob(id, attempts, runAt, error) {
      await write(() => reschedule.run(attempts, runAt, error, id));
    },
    async completeJob(id) {
      await write(() => s.deleteJob.run(id));
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
