import type { Job, JobQueue } from '../../src/queue';
import { UnrecoverableJobError } from '../../src/queue';

/** A queue under test, and a way to get a new instance on the same backend (a restart). */
export interface QueueUnderTest {
  readonly queue: JobQueue;
  /** A fresh queue instance on the same durable backend (after `queue` was closed). */
  reopen(): Promise<JobQueue>;
  /** Removes everything the backend kept for this test. */
  cleanup(): Promise<void>;
}

const FAST = { attempts: 3, backoffMs: 5, maxBackoffMs: 20 };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The behaviour every {@link JobQueue} adapter must have (inline, BullMQ), written only against the port.
 */
export function describeJobQueueContract(name: string, make: () => Promise<QueueUnderTest>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let t: QueueUnderTest;
    const extra: JobQueue[] = [];
    beforeEach(async () => {
      t = await make();
    });
    afterEach(async () => {
      await t.queue.close();
      for (const q of extra.splice(0)) await q.close();
      await t.cleanup();
    });

    it('runs every added job once with its data, and drain waits for them', async () => {
      const seen: number[] = [];
      await t.queue.process<{ n: number }>('inbound', async (job) => void seen.push(job.data.n), {
        retry: FAST,
      });
      await t.queue.add('inbound', [{ data: { n: 1 } }, { data: { n: 2 } }, { data: { n: 3 } }]);
      await t.queue.drain();
      expect(seen.sort()).toEqual([1, 2, 3]);
    });

    it('runs the jobs of one ordering key in order, one at a time, and other keys in parallel', async () => {
      const log: string[] = [];
      let activeA = 0;
      let maxActiveA = 0;
      const bStarted = deferred();
      await t.queue.process<{ key: string; n: number }>(
        'inbound',
        async (job) => {
          if (job.data.key === 'A') {
            activeA++;
            maxActiveA = Math.max(maxActiveA, activeA);
            // A's first job waits for B to start: this deadlocks if keys were run one after another.
            if (job.data.n === 0) await bStarted.promise;
            await new Promise((r) => setTimeout(r, 2));
            activeA--;
          } else bStarted.resolve();
          log.push(`${job.data.key}${job.data.n}`);
        },
        { concurrency: 4, retry: FAST },
      );
      const jobs = Array.from({ length: 10 }, (_, n) => ({ data: { key: 'A', n }, orderingKey: 'A' }));
      await t.queue.add('inbound', jobs);
      await t.queue.add('inbound', [{ data: { key: 'B', n: 0 }, orderingKey: 'B' }]);
      await t.queue.drain();
      expect(log.filter((l) => l.startsWith('A'))).toEqual(jobs.map((j) => `A${j.data.n}`));
      expect(maxActiveA).toBe(1);
      expect(log).toContain('B0');
    });

    it('retries a failing job with its attempt number and holds back the jobs behind it', async () => {
      const log: string[] = [];
      await t.queue.process<{ n: number }>(
        'outbound',
        async (job: Job<{ n: number }>) => {
          log.push(`${job.data.n}@${job.attempt}`);
          if (job.data.n === 1 && job.attempt < 3) throw new Error('try again');
        },
        { retry: FAST },
      );
      await t.queue.add('outbound', [
        { data: { n: 1 }, orderingKey: 'k' },
        { data: { n: 2 }, orderingKey: 'k' },
      ]);
      await t.queue.drain();
      expect(log).toEqual(['1@1', '1@2', '1@3', '2@1']);
      expect(await t.queue.deadJobs('outbound')).toEqual([]);
    });

    it('dead-letters a job after its last attempt, and at once when unrecoverable', async () => {
      const dead: string[] = [];
      await t.queue.process<{ n: number }>(
        'outbound',
        async (job) => {
          if (job.data.n === 1) throw new Error('always fails');
          throw new UnrecoverableJobError('bad request');
        },
        { retry: FAST, onDead: (job) => void dead.push(`${(job.data as { n: number }).n}@${job.attempt}`) },
      );
      await t.queue.add('outbound', [{ data: { n: 1 } }, { data: { n: 2 } }]);
      await t.queue.drain();
      expect(dead.sort()).toEqual(['1@3', '2@1']);
      const letters = await t.queue.deadJobs('outbound');
      expect(letters.map((d) => [(d.data as { n: number }).n, d.attempts, d.error]).sort()).toEqual([
        [1, 3, 'always fails'],
        [2, 1, 'bad request'],
      ]);
    });

    it('adds a job id once', async () => {
      let runs = 0;
      const gate = deferred();
      await t.queue.process('inbound', async () => {
        runs++;
        await gate.promise;
      });
      await t.queue.add('inbound', [{ data: {}, jobId: 'same' }]);
      await t.queue.add('inbound', [{ data: {}, jobId: 'same' }]);
      gate.resolve();
      await t.queue.drain();
      expect(runs).toBe(1);
    });

    it('waits for a delay before running a job', async () => {
      const started = Date.now();
      let ranAt = 0;
      await t.queue.process('maintenance', async () => void (ranAt = Date.now()));
      await t.queue.add('maintenance', [{ data: {}, delayMs: 150 }]);
      await t.queue.drain();
      expect(ranAt - started).toBeGreaterThanOrEqual(140);
    });

    it("removes an ordering key's jobs that have not started (a deleted contact) and lets a running one finish", async () => {
      const seen: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const a1Started = new Promise<void>((resolve) => (started = resolve));
      await t.queue.process<{ n: string }>('inbound', async (job) => {
        if (job.data.n === 'a1') {
          started();
          await gate;
        }
        seen.push(job.data.n);
      });
      await t.queue.add('inbound', [
        { data: { n: 'a1' }, orderingKey: 'contact-a' },
        { data: { n: 'a2' }, orderingKey: 'contact-a' },
        { data: { n: 'b1' }, orderingKey: 'contact-b' },
      ]);
      await t.queue.add('inbound', [{ data: { n: 'a3' }, orderingKey: 'contact-a', delayMs: 100 }]);
      await a1Started;
      expect(await t.queue.removePending('contact-a')).toBe(2);
      expect(await t.queue.removePending('contact-a')).toBe(0);
      release();
      await t.queue.drain();
      await new Promise((resolve) => setTimeout(resolve, 200)); // a3 would have been due by now
      await t.queue.drain();
      expect(seen.sort()).toEqual(['a1', 'b1']);
    });

    it('keeps jobs added before a restart and runs them after it', async () => {
      await t.queue.add('inbound', [{ data: { n: 1 } }, { data: { n: 2 } }]);
      await t.queue.close();
      const reopened = await t.reopen();
      extra.push(reopened);
      const seen: number[] = [];
      await reopened.process<{ n: number }>('inbound', async (job) => void seen.push(job.data.n));
      await reopened.drain();
      expect(seen.sort()).toEqual([1, 2]);
    });
  });
}
