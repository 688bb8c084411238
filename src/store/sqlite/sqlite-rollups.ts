import type { Database } from 'better-sqlite3';
import { GRAINS } from '../rollups/grain-segments';
import { createCellAccumulator, createDimsInterner } from '../rollups/hour-cells';
import type { CounterCell } from '../rollups/hour-cells';
import { createPresenceBatch } from '../rollups/presence-batch';
import { decodeMembers, encodeMembers, mergeMembers } from '../rollups/presence-set';
import { emptyContactState, rollupEventInto } from '../rollups/rollup-event';
import type { BinSink, ContactRollupState, CounterSink, RollupEvent } from '../rollups/rollup-event';
import { createHistogramBatch, mergeHistogram } from '../rollups/response-histogram';
import type { HistogramCell } from '../rollups/response-histogram';

/** Events rolled up per transaction: bounds how long one catch-up holds the write lock. */
export const ROLLUP_BATCH = 20_000;

/** Contacts whose rollup state is kept in memory between batches; the cache is dropped beyond this. */
const CONTACT_CACHE_LIMIT = 200_000;

/** seq, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value, extra. */
type EventTuple = [
  number,
  string,
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number | null,
  string | number | null,
];

/** A contact's rollup state as cached between batches. */
interface CachedContact {
  readonly id: string;
  readonly ix: number;
  readonly state: ContactRollupState;
  /** The state as stored (`null`: no row yet). */
  saved: string | null;
}

/** Rolls the event log up into the KPI tables; see {@link createSqliteRollups}. */
export interface SqliteRollups {
  /** Rolls up at most `limit` events not rolled up yet, in one transaction. Returns how many. */
  applyBatch(limit?: number): number;
  /** Rolls up every event written so far (no transaction when there is nothing new). */
  catchUp(): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_EVENT: RollupEvent = {
  type: '',
  at: 0,
  contactId: '',
  channel: '',
  flow: null,
  step: null,
  intent: null,
  campaign: null,
  variant: null,
  list: null,
  value: null,
  kind: null,
  matched: null,
};

const stateText = (s: ContactRollupState): string => `${s.unmatched ? 1 : 0}${JSON.stringify(s.pending)}`;

/**
 * Incremental rollups driven by the event log: events with `seq` above the watermark are read back
 * (just written: cache-hot pages), turned into counter increments and presence marks by the
 * adapter-neutral {@link rollupEventInto}, merged in memory into hour cells (quarters as columns), day
 * cells, response-time histograms per bucket and channel, and per-day presence sets, and written with the new watermark in one `BEGIN IMMEDIATE`
 * transaction — exactly once and crash-safe, also with several processes on one file (the second
 * waits for the lock, then starts from the advanced watermark). Contact states (pairing state and
 * the contact's small integer) are cached in memory while the watermark is the one this process
 * wrote last; any other value means another process rolled up in between, and the cache is dropped.
 */
export function createSqliteRollups(db: Database): SqliteRollups {
  const readMark = db.prepare<[], { seq: number; next_ix: number }>(
    'SELECT seq, next_ix FROM kpi_watermark WHERE id = 1',
  );
  // Read without a write transaction: most reads find nothing new and need no lock.
  const behind = db
    .prepare<[], number>(
      'SELECT coalesce((SELECT max(seq) FROM events), 0) > (SELECT seq FROM kpi_watermark WHERE id = 1)',
    )
    .pluck();
  const setMark = db.prepare('UPDATE kpi_watermark SET seq = ?, next_ix = ? WHERE id = 1');
  const newEvents = db
    .prepare<[number, number], EventTuple>(
      `SELECT seq, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value,
       CASE type WHEN 'message_received' THEN data ->> 'kind'
                 WHEN 'nlu_evaluated' THEN data ->> 'matched' END
     FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const latestReferral = db
    .prepare<[string, number], string>(
      `SELECT campaign FROM events WHERE contact_id = ? AND at <= ? AND type = 'referral'
       AND campaign IS NOT NULL ORDER BY at DESC, seq DESC LIMIT 1`,
    )
    .pluck();
  const readState = db.prepare<[string], { ix: number; pending: string; unmatched: number }>(
    'SELECT ix, pending, unmatched FROM kpi_contact_state WHERE contact_id = ?',
  );
  const writeState = db.prepare(
    `INSERT INTO kpi_contact_state (contact_id, ix, pending, unmatched)
     SELECT @contact, @ix, @pending, @unmatched WHERE EXISTS (SELECT 1 FROM contacts WHERE id = @contact)
     ON CONFLICT (contact_id) DO UPDATE SET pending = excluded.pending, unmatched = excluded.unmatched`,
  );
  const upsertCounter = db.prepare(
    `INSERT INTO kpi_counters (grain, metric, bucket, channel, flow, step, intent, campaign, variant, list,
       n, total, n0, n1, n2, n3, t0, t1, t2, t3)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
       n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3,
       t0 = t0 + excluded.t0, t1 = t1 + excluded.t1, t2 = t2 + excluded.t2, t3 = t3 + excluded.t3`,
  );
  const readSet = db
    .prepare<[string, number, string, number], Buffer>(
      'SELECT members FROM kpi_presence WHERE key = ? AND day = ? AND channel = ? AND shard = ?',
    )
    .pluck();
  const writeSet = db.prepare(
    `INSERT INTO kpi_presence (key, day, channel, shard, members) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET members = excluded.members`,
  );

  const cache = new Map<string, CachedContact>();
  /** The watermark the cache is valid at (-1: invalid). */
  let cachedAt = -1;

  const readHistogram = db
    .prepare<[number, number, string], Buffer>(
      'SELECT bins FROM kpi_histograms WHERE grain = ? AND bucket = ? AND channel = ?',
    )
    .pluck();
  const writeHistogram = db.prepare(
    `INSERT INTO kpi_histograms (grain, bucket, channel, bins) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET bins = excluded.bins`,
  );

  const writeCell = (grain: number, c: CounterCell) => {
    const d = c.dims;
    upsertCounter.run(
      ...[grain, c.metric, c.bucket, d.channel, d.flow, d.step, d.intent, d.campaign, d.variant, d.list],
      ...[c.n, c.total, ...c.nq, ...c.tq],
    );
  };
  const writeHistograms = (grain: number, cells: readonly HistogramCell[]) => {
    for (const h of cells) {
      const stored = readHistogram.get(grain, h.bucket, h.channel) ?? null;
      writeHistogram.run(grain, h.bucket, h.channel, mergeHistogram(stored, h.bins));
    }
  };

  /** Returns how many events it rolled up and the new watermark. */
  const apply = db.transaction((limit: number): [number, number] => {
    const mark = readMark.get() ?? { seq: 0, next_ix: 0 };
    const rows = newEvents.all(mark.seq, limit);
    if (rows.length === 0) return [0, mark.seq];
    if (mark.seq !== cachedAt || cache.size > CONTACT_CACHE_LIMIT) cache.clear();
    cachedAt = -1; // until this transaction commits
    let nextIx = mark.next_ix;
    const touched = new Set<CachedContact>();
    let last: CachedContact | null = null;
    const contactOf = (id: string): CachedContact => {
      // Events come in sessions: the same contact many times in a row.
      if (last !== null && last.id === id) return last;
      let c = cache.get(id);
      if (c === undefined) {
        const row = readState.get(id);
        if (row === undefined) c = { id, ix: nextIx++, state: emptyContactState(), saved: null };
        else {
          const pending = JSON.parse(row.pending) as [number, string][];
          const state = { pending, unmatched: row.unmatched === 1 };
          c = { id, ix: row.ix, state, saved: stateText(state) };
        }
        cache.set(id, c);
      }
      touched.add(c);
      last = c;
      return c;
    };
    const cells = createCellAccumulator();
    const presence = createPresenceBatch();
    const histograms = createHistogramBatch();
    const sink: CounterSink = cells.add;
    const bins: BinSink = histograms.add;
    const intern = createDimsInterner();
    // One event object, refilled per row: rollupEventInto keeps values, never the object.
    const e: Mutable<RollupEvent> = { ...NO_EVENT };
    for (const r of rows) {
      const type = r[1];
      const extra = r[12];
      e.type = type;
      e.at = r[2];
      e.contactId = r[3];
      e.channel = r[4];
      e.flow = r[5];
      e.step = r[6];
      e.intent = r[7];
      e.campaign = type === 'conversion' ? (latestReferral.get(r[3], r[2]) ?? r[8]) : r[8];
      e.variant = r[9];
      e.list = r[10];
      e.value = r[11];
      e.kind = type === 'message_received' && typeof extra === 'string' ? extra : null;
      e.matched = type === 'nlu_evaluated' ? extra === 1 || extra === 'true' : null;
      const contact = contactOf(e.contactId);
      const dims = intern(e.channel, e.flow, e.step, e.intent, e.campaign, e.variant, e.list);
      presence.mark(contact.ix, e.at, dims, rollupEventInto(e, contact.state, sink, dims, bins));
    }
    for (const c of cells.hours()) writeCell(GRAINS.hour, c);
    for (const c of cells.days()) writeCell(GRAINS.day, c);
    writeHistograms(GRAINS.hour, histograms.hours());
    writeHistograms(GRAINS.day, histograms.days());
    for (const g of presence.groups()) {
      const stored = readSet.get(g.key, g.day, g.channel, g.shard);
      const merged = mergeMembers(stored ? decodeMembers(stored) : new Uint32Array(0), g.members);
      writeSet.run(g.key, g.day, g.channel, g.shard, encodeMembers(merged));
    }
    for (const c of touched) {
      const text = stateText(c.state);
      if (text === c.saved) continue;
      writeState.run({
        contact: c.id,
        ix: c.ix,
        pending: JSON.stringify(c.state.pending),
        unmatched: c.state.unmatched ? 1 : 0,
      });
      c.saved = text;
    }
    const seq = rows[rows.length - 1]![0];
    setMark.run(seq, nextIx);
    return [rows.length, seq];
  });

  const applyOnce = (limit: number): number => {
    try {
      const [n, seq] = apply.immediate(limit);
      // The cache now mirrors the rows at `seq` (committed); a no-op batch leaves it as it was.
      if (n > 0) cachedAt = seq;
      return n;
    } catch (e) {
      cache.clear();
      cachedAt = -1;
      throw e;
    }
  };

  return {
    applyBatch: (limit = ROLLUP_BATCH) => applyOnce(limit),
    catchUp() {
      if (behind.get() !== 1) return;
      while (applyOnce(ROLLUP_BATCH) === ROLLUP_BATCH) {
        // keep going: each batch is its own short transaction
      }
    },
  };
}
