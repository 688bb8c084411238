import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { ParleyError } from '../../core';
import { GRAINS, bucketStart } from '../rollups/grain-segments';
import { emptyContactState, rollupEvent } from '../rollups/rollup-event';
import type { ContactRollupState, CounterDelta, RollupEvent } from '../rollups/rollup-event';
import type { MongoContext } from './mongo-context';
import { pairId } from './mongo-docs';
import type { EventDoc } from './mongo-docs';
import { COLLECTIONS } from './mongo-schemas';
import { isDuplicateKey } from './to-mongo-error';

/** `kpi_counters`: one counter per grain × bucket × metric × dimensions (`''` = none). */
export interface KpiCounterDoc {
  _id: string;
  grain: number;
  bucket: number;
  metric: string;
  channel: string;
  flow: string;
  step: string;
  intent: string;
  campaign: string;
  variant: string;
  list: string;
  n: number;
  total: number;
}

/** `kpi_presence`: contact in `key` during quarter `q`; `prev` is its previous quarter in `key` (−1: none). */
export interface PresenceDoc {
  _id: string;
  key: string;
  contactId: string;
  q: number;
  prev: number;
  channel: string;
}

interface StateDoc {
  _id: string;
  pending: [number, string][];
  unmatched: boolean;
}

interface LeaseDoc {
  _id: string;
  owner: string;
  until: number;
}

/** Events rolled up per batch (one transaction on a replica set). */
export const MONGO_ROLLUP_BATCH = 500;
/** How long a process may hold the rollup lease without renewing it. */
const LEASE_MS = 30_000;
/** How long a KPI read waits for another process's catch-up before failing. */
const WAIT_MS = 30_000;

/** Rolls the event log up into the KPI collections; see {@link createMongoRollups}. */
export interface MongoRollups {
  readonly counters: mongo.Collection<KpiCounterDoc>;
  readonly presence: mongo.Collection<PresenceDoc>;
  /** Rolls up what it can now if no other process holds the lease (background catch-up). */
  tick(): Promise<void>;
  /** Returns once every event written before the call is rolled up (by this or another process). */
  catchUp(): Promise<void>;
}

interface Counter {
  grain: number;
  bucket: number;
  delta: CounterDelta;
  n: number;
  total: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Incremental rollups with the SQLite store's semantics (the same adapter-neutral {@link rollupEvent}):
 * events not yet `rolled` are read in sequence order, turned into counter deltas and presence marks,
 * merged in memory and written with the events' `rolled` flags — in one transaction on a replica set,
 * so each event counts exactly once. One process at a time rolls up, holding a lease document. On a
 * standalone server (no transactions) a crash in the middle of a batch can count that batch twice.
 */
export function createMongoRollups(ctx: MongoContext): MongoRollups {
  const { c, db } = ctx;
  const counters = db.collection<KpiCounterDoc>(COLLECTIONS.kpiCounters);
  const presence = db.collection<PresenceDoc>(COLLECTIONS.kpiPresence);
  const states = db.collection<StateDoc>(COLLECTIONS.kpiState);
  const lease = db.collection<LeaseDoc>(COLLECTIONS.kpiLease);
  const owner = randomUUID();
  let chain: Promise<unknown> = Promise.resolve();
  /** Runs `fn` after this process's previous rollup work (the timer and reads never overlap). */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  async function acquire(): Promise<boolean> {
    const now = Date.now();
    try {
      await lease.updateOne(
        { _id: 'rollups', $or: [{ until: { $lt: now } }, { owner }] },
        { $set: { owner, until: now + LEASE_MS } },
        { upsert: true },
      );
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
  const release = () => lease.updateOne({ _id: 'rollups', owner }, { $set: { until: 0 } });

  async function latestReferral(contactId: string, at: number): Promise<string | null> {
    const [ref] = await c.events
      .find({ contactId, type: 'referral', at: { $lte: at }, campaign: { $ne: null } })
      .sort({ at: -1, _id: -1 })
      .limit(1)
      .project<{ campaign: string }>({ campaign: 1 })
      .toArray();
    return ref?.campaign ?? null;
  }

  async function toEvent(d: EventDoc): Promise<RollupEvent> {
    const data = d.data as { kind?: unknown; matched?: unknown };
    return {
      type: d.type,
      at: d.at,
      contactId: d.contactId,
      channel: d.channel,
      flow: d.flowId,
      step: d.stepId,
      intent: d.intent,
      campaign:
        d.type === 'conversion' ? ((await latestReferral(d.contactId, d.at)) ?? d.campaign) : d.campaign,
      variant: d.variant,
      list: d.list,
      value: d.value,
      kind: d.type === 'message_received' && typeof data.kind === 'string' ? data.kind : null,
      matched:
        d.type === 'nlu_evaluated'
          ? data.matched === true || data.matched === 1 || data.matched === 'true'
          : null,
    };
  }

  /** Presence writes: new marks linked to their predecessors, and the marks they now precede. */
  async function presenceWrites(
    marks: Map<string, { key: string; contactId: string; q: number; channel: string }>,
  ): Promise<mongo.AnyBulkWriteOperation<PresenceDoc>[]> {
    if (marks.size === 0) return [];
    const byPair = new Map<string, { key: string; contactId: string; channel: string; qs: Set<number> }>();
    for (const m of marks.values()) {
      const pair = pairId(m.key, m.contactId);
      const entry = byPair.get(pair) ?? {
        key: m.key,
        contactId: m.contactId,
        channel: m.channel,
        qs: new Set(),
      };
      entry.qs.add(m.q);
      byPair.set(pair, entry);
    }
    const entries = [...byPair.values()];
    const existing = await presence
      .find(
        {
          contactId: { $in: [...new Set(entries.map((e) => e.contactId))] },
          key: { $in: [...new Set(entries.map((e) => e.key))] },
        },
        { projection: { key: 1, contactId: 1, q: 1 } },
      )
      .toArray();
    const known = new Map<string, Set<number>>();
    for (const d of existing) {
      const pair = pairId(d.key, d.contactId);
      const set = known.get(pair) ?? new Set<number>();
      set.add(d.q);
      known.set(pair, set);
    }
    const ops: mongo.AnyBulkWriteOperation<PresenceDoc>[] = [];
    for (const [pair, e] of byPair) {
      const old = known.get(pair) ?? new Set<number>();
      const all = [...new Set([...old, ...e.qs])].sort((a, b) => a - b);
      let previous = -1;
      let previousIsNew = false;
      for (const q of all) {
        const isNew = !old.has(q);
        const _id = pairId(e.key, e.contactId, q);
        if (isNew) {
          ops.push({
            updateOne: {
              filter: { _id },
              update: {
                $setOnInsert: { key: e.key, contactId: e.contactId, q, prev: previous, channel: e.channel },
              },
              upsert: true,
            },
          });
        } else if (previousIsNew) {
          ops.push({
            updateOne: { filter: { _id, prev: { $lt: previous } }, update: { $set: { prev: previous } } },
          });
        }
        previous = q;
        previousIsNew = isNew;
      }
    }
    return ops;
  }

  /** Rolls up one batch (the caller holds the lease). Returns how many events it read. */
  async function applyBatch(): Promise<number> {
    const rows = await c.events.find({ rolled: false }).sort({ _id: 1 }).limit(MONGO_ROLLUP_BATCH).toArray();
    if (rows.length === 0) return 0;
    const contactIds = [...new Set(rows.map((r) => r.contactId))];
    const stored = await states.find({ _id: { $in: contactIds } }).toArray();
    const state = new Map<string, ContactRollupState>(
      stored.map((s) => [s._id, { pending: s.pending, unmatched: s.unmatched }]),
    );
    const sums = new Map<string, Counter>();
    const marks = new Map<string, { key: string; contactId: string; q: number; channel: string }>();
    for (const row of rows) {
      const e = await toEvent(row);
      let s = state.get(e.contactId);
      if (s === undefined) {
        s = emptyContactState();
        state.set(e.contactId, s);
      }
      const out = rollupEvent(e, s);
      for (const d of out.counters) addCounter(sums, d);
      for (const p of out.presence) {
        const q = bucketStart(p.at, GRAINS.quarter);
        marks.set(pairId(p.key, e.contactId, q), {
          key: p.key,
          contactId: e.contactId,
          q,
          channel: e.channel,
        });
      }
    }
    const presenceOps = await presenceWrites(marks);
    const alive = new Set(
      (await c.contacts.find({ _id: { $in: contactIds } }, { projection: { _id: 1 } }).toArray()).map(
        (d) => d._id,
      ),
    );
    const counterOps: mongo.AnyBulkWriteOperation<KpiCounterDoc>[] = [...sums.values()].map((x) => {
      const d = x.delta.dims;
      return {
        updateOne: {
          filter: {
            _id: pairId(
              x.grain,
              x.bucket,
              x.delta.metric,
              d.channel,
              d.flow,
              d.step,
              d.intent,
              d.campaign,
              d.variant,
              d.list,
            ),
          },
          update: {
            $setOnInsert: { grain: x.grain, bucket: x.bucket, metric: x.delta.metric, ...d },
            $inc: { n: x.n, total: x.total },
          },
          upsert: true,
        },
      };
    });
    const stateOps: mongo.AnyBulkWriteOperation<StateDoc>[] = [...state]
      .filter(([id]) => alive.has(id))
      .map(([id, s]) => ({
        replaceOne: {
          filter: { _id: id },
          replacement: { pending: s.pending, unmatched: s.unmatched },
          upsert: true,
        },
      }));
    const ids = rows.map((r) => r._id);
    await ctx.atomically(async (session) => {
      const o = { session, ordered: true };
      if (counterOps.length > 0) await counters.bulkWrite(counterOps, o);
      if (presenceOps.length > 0) await presence.bulkWrite(presenceOps, o);
      if (stateOps.length > 0) await states.bulkWrite(stateOps, o);
      await c.events.updateMany({ _id: { $in: ids } }, { $set: { rolled: true } }, { session });
    });
    return rows.length;
  }

  /** Rolls up until nothing is left, renewing the lease each batch; false when another process holds it. */
  async function drain(): Promise<boolean> {
    if (!(await acquire())) return false;
    try {
      while ((await applyBatch()) === MONGO_ROLLUP_BATCH) {
        if (!(await acquire())) return true;
      }
    } finally {
      await release();
    }
    return true;
  }

  return {
    counters,
    presence,
    tick: () => exclusive(async () => void (await drain())),
    catchUp: () =>
      exclusive(async () => {
        const target = (await c.counters.findOne({ _id: 'seq' }))?.value ?? 0;
        const deadline = Date.now() + WAIT_MS;
        for (;;) {
          const left = await c.events.countDocuments({ rolled: false, _id: { $lte: target } }, { limit: 1 });
          if (left === 0) return;
          if (await drain()) continue;
          if (Date.now() > deadline)
            throw new ParleyError(
              'store.unavailable',
              'KPI rollups are held by another process for too long',
            );
          await sleep(50);
        }
      }),
  };
}

function addCounter(sums: Map<string, Counter>, delta: CounterDelta): void {
  const d = delta.dims;
  const dims = pairId(delta.metric, d.channel, d.flow, d.step, d.intent, d.campaign, d.variant, d.list);
  for (const grain of [GRAINS.quarter, GRAINS.hour, GRAINS.day]) {
    const bucket = bucketStart(delta.at, grain);
    const key = `${grain}\u0000${bucket}\u0000${dims}`;
    const x = sums.get(key);
    if (x) {
      x.n += delta.n;
      x.total += delta.total;
    } else sums.set(key, { grain, bucket, delta, n: delta.n, total: delta.total });
  }
}
