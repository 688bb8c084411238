import type { Queue } from 'bullmq';

/** The states of a job that has not started: it can be removed without interrupting anyone. */
const NOT_STARTED = ['waiting', 'delayed', 'prioritized'] as const;
/** Jobs are read in pages of this many. */
const PAGE = 500;

/**
 * Removes the jobs of one ordering key that have not started from a BullMQ queue (a contact's
 * pending work when the contact is deleted). A job that starts meanwhile is left alone (BullMQ refuses
 * to remove a locked job); returns how many were removed.
 */
export async function removePendingJobs(queue: Queue, orderingKey: string): Promise<number> {
  const ids: string[] = [];
  for (const state of NOT_STARTED) {
    for (let start = 0; ; start += PAGE) {
      const page = await queue.getJobs([state], start, start + PAGE - 1, true);
      for (const job of page) {
        const key = (job?.data as { orderingKey?: unknown } | undefined)?.orderingKey;
        if (job?.id !== undefined && key === orderingKey) ids.push(job.id);
      }
      if (page.length < PAGE) break;
    }
  }
  let removed = 0;
  for (const id of ids) {
    // 0 = gone already or locked by a worker (started): nothing to do either way.
    if ((await queue.remove(id)) === 1) removed++;
  }
  return removed;
}
