import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoggedEvent } from '../../../src/core';
import type { Store } from '../../../src/store';
import { createSqliteStore } from '../../../src/store';
import { completeEvent } from '../../../src/runtime';

/*
 * Two stores on one SQLite file stand for two processes: each rolls up what it finds past the shared
 * watermark, keeps contact states cached between its batches, and must neither double-count nor pair
 * a message against a stale cached state after the other one rolled up in between.
 */

const T0 = Date.UTC(2026, 0, 15, 10);
const DAY = { from: T0 - 10 * 3600_000, to: T0 + 14 * 3600_000 };

function ev(
  contactId: string,
  type: LoggedEvent['type'],
  at: number,
  extra: Partial<LoggedEvent> = {},
): LoggedEvent {
  return completeEvent({ ...extra, type }, { id: contactId, channel: 'web' }, at, randomUUID);
}

describe('rollups shared by several processes on one file', () => {
  let dir: string;
  let a: Store;
  let b: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-rollups-'));
    const file = path.join(dir, 'kpi.db');
    a = createSqliteStore({ file, rollupIntervalMs: 0 });
    b = createSqliteStore({ file, rollupIntervalMs: 0 });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const responseTimes = async (store: Store) =>
    (await store.sumCounters({ ranges: [DAY], metrics: ['response_time', 'inbound'], filter: {} })).map(
      (r) => [r.metric, r.n, r.total],
    );

  it('pairs replies against the state the other process left, and counts each event once', async () => {
    const ann = (await a.ensureContact({ channel: 'web', externalId: 'ann' }, {}, T0)).id;
    await a.appendEvents([ev(ann, 'message_received', T0, { data: { kind: 'text' } })]);
    await a.sumCounters({ ranges: [], metrics: [], filter: {} }); // a caches ann: one pending message
    await b.appendEvents([ev(ann, 'message_sent', T0 + 1000)]);
    await b.sumCounters({ ranges: [], metrics: [], filter: {} }); // b answers it: nothing pending
    await a.appendEvents([
      ev(ann, 'message_received', T0 + 2000, { data: { kind: 'text' } }),
      ev(ann, 'message_sent', T0 + 5000),
    ]);
    const expected = [
      ['inbound', 2, 0],
      ['response_time', 2, 4],
    ];
    expect(await responseTimes(a)).toEqual(expected);
    expect(await responseTimes(b)).toEqual(expected);
  });

  it('gives contacts first seen by different processes distinct identities in the presence sets', async () => {
    const ann = (await a.ensureContact({ channel: 'web', externalId: 'ann' }, {}, T0)).id;
    const bob = (await b.ensureContact({ channel: 'messenger', externalId: 'bob' }, {}, T0)).id;
    await a.appendEvents([ev(ann, 'message_received', T0, { data: { kind: 'text' } })]);
    await a.sumCounters({ ranges: [], metrics: [], filter: {} });
    await b.appendEvents([
      { ...ev(bob, 'message_received', T0 + 60_000, { data: { kind: 'text' } }), channel: 'messenger' },
    ]);
    await b.sumCounters({ ranges: [], metrics: [], filter: {} });
    await a.appendEvents([ev(ann, 'link_clicked', T0 + 120_000)]);
    for (const store of [a, b]) {
      expect(await store.countDistinct({ ranges: [DAY], population: { kind: 'users' }, filter: {} })).toEqual(
        [{ range: 0, key: null, n: 2 }],
      );
      expect(
        await store.countDistinct({
          ranges: [DAY],
          population: { kind: 'users' },
          filter: {},
          byChannel: true,
        }),
      ).toEqual([
        { range: 0, key: 'messenger', n: 1 },
        { range: 0, key: 'web', n: 1 },
      ]);
      const sums = await store.sumCounters({ ranges: [DAY], metrics: ['interaction'], filter: {} });
      expect(sums.map((s) => s.n)).toEqual([3]);
    }
  });

  it('never double-counts when both catch up over the same events', async () => {
    const ann = (await a.ensureContact({ channel: 'web', externalId: 'ann' }, {}, T0)).id;
    const events = Array.from({ length: 50 }, (_, i) =>
      ev(ann, 'message_received', T0 + i * 60_000, { data: { kind: 'text' } }),
    );
    await a.appendEvents(events.slice(0, 25));
    await b.appendEvents(events.slice(25));
    const [fromA, fromB] = await Promise.all([
      a.sumCounters({ ranges: [DAY], metrics: ['message_received'], filter: {} }),
      b.sumCounters({ ranges: [DAY], metrics: ['message_received'], filter: {} }),
    ]);
    expect(fromA.map((s) => s.n)).toEqual([50]);
    expect(fromB.map((s) => s.n)).toEqual([50]);
  });
});
