import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInlineQueue } from '../../src/queue';
import type { Store } from '../../src/store';
import { createSqliteStore } from '../../src/store';
import { describeJobQueueContract } from './job-queue-contract';
import { T0, turn } from './store-fixtures';

describeJobQueueContract('inline (SQLite-backed)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-inline-queue-'));
  const file = path.join(dir, 'queue.db');
  const stores: Store[] = [];
  const open = () => {
    const store = createSqliteStore({ file });
    stores.push(store);
    return createInlineQueue({ store });
  };
  return {
    queue: open(),
    reopen: async () => open(),
    cleanup: async () => {
      for (const s of stores) await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('inline queue outbox', () => {
  let dir: string;
  let stores: Store[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-inline-outbox-'));
    stores = [];
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    const store = createSqliteStore({ file: path.join(dir, 'queue.db') });
    stores.push(store);
    return store;
  };
  const FAST = { attempts: 3, backoffMs: 5, maxBackoffMs: 20 };

  it('runs jobs a store write queued, and does not complete the job that write completed again', async () => {
    const store = open();
    const completed: string[] = [];
    const spy: Store = { ...store, completeJob: (id) => (completed.push(id), store.completeJob(id)) };
    const queue = createInlineQueue({ store: spy });
    const outbox = queue.outbox!;
    const contact = await store.ensureContact({ channel: 'messenger', externalId: 'p1' }, {}, T0);
    const sent: string[] = [];
    await queue.process<{ reply: string }>('outbound', async (job) => void sent.push(job.data.reply), {
      retry: FAST,
    });
    await queue.process<{ n: number }>(
      'inbound',
      async (job) => {
        const rows = outbox.stage('outbound', [{ data: { reply: `r${job.data.n}` }, orderingKey: 'k' }]);
        const result = await store.commitTurn({
          ...turn(contact.id, job.data.n),
          jobs: rows,
          completesJob: job.id,
        });
        expect(result.ok).toBe(true);
        outbox.committed(rows, job.id);
      },
      { retry: FAST },
    );
    await queue.add('inbound', [{ data: { n: 0 }, orderingKey: 'k', jobId: 'in-0' }]);
    await queue.drain();
    await queue.add('inbound', [{ data: { n: 1 }, orderingKey: 'k', jobId: 'in-1' }]);
    await queue.drain();
    expect(sent).toEqual(['r0', 'r1']);
    expect(completed.filter((id) => id.startsWith('in-'))).toEqual([]);
    expect(completed).toHaveLength(2);
    expect(await store.pendingJobs('inbound')).toEqual([]);
    expect(await store.pendingJobs('outbound')).toEqual([]);
    await queue.close();
  });

  it('runs outbox jobs committed before a crash once the queue starts again', async () => {
    const store = open();
    const contact = await store.ensureContact({ channel: 'messenger', externalId: 'p1' }, {}, T0);
    const first = createInlineQueue({ store });
    const rows = first.outbox!.stage('outbound', [{ data: { reply: 'late' }, orderingKey: 'k' }]);
    await store.commitTurn({ ...turn(contact.id, 0), jobs: rows });
    // The process dies here: `committed` is never called.
    await first.close();
    const sent: string[] = [];
    const second = createInlineQueue({ store });
    await second.process<{ reply: string }>('outbound', async (job) => void sent.push(job.data.reply), {
      retry: FAST,
    });
    await second.drain();
    expect(sent).toEqual(['late']);
    await second.close();
  });
});
