import type { StoredJob } from '../store';

/** A `jobs` row as better-sqlite3 returns it. */
export interface JobRow {
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

/** Stores a job unless its id is stored already; positional params of {@link jobParams}. */
export const insertJobSql = `INSERT INTO jobs (id, queue, ordering_key, data, attempts, run_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;

/** Removes a job (done, or completed by the write that carries it). */
export const deleteJobSql = 'DELETE FROM jobs WHERE id = ?';

/** The params of {@link insertJobSql}. */
export function jobParams(j: StoredJob): unknown[] {
  return [j.id, j.queue, j.orderingKey, JSON.stringify(j.data), j.attempts, j.runAt, j.createdAt];
}

/** A stored job from its row. */
export function toStoredJob(r: JobRow): StoredJob {
  return {
    id: r.id,
    queue: r.queue,
    orderingKey: r.ordering_key,
    data: JSON.parse(r.data) as unknown,
    attempts: r.attempts,
    runAt: r.run_at,
    createdAt: r.created_at,
  };
}
