import type { Database } from 'better-sqlite3';
import { GRAINS, bucketStart } from '../rollups/grain-segments';
import { emptyContactState, rollupEvent } from '../rollups/rollup-event';
import type { ContactRollupState, CounterDelta, RollupEvent } from '../rollups/rollup-event';

/** Events rolled up per transaction: bounds how long one catch-up holds the write lock. */
export const ROLLUP_BATCH = 20_000;

interface EventRollupRow {
  readonly seq: number;
  readonly type: string;
  readonly at: number;
  readonly contact_id: string;
  readonly channel: string;
  readonly flow_id: string | null;
  readonly step_id: string | null;
  readonly intent: string | null;
  readonly campaign: string | null;
  readonly variant: string | null;
  readonly list: string | null;
  readonly value: number | null;
  readonly extra: string | number | null;
}

interface Counter {
  grain: number;
  bucket: number;
  delta: CounterDelta;
  n: number;
  total: number;
}

/** Rolls the event log up into the KPI tables; see {@link createSqliteRollups}. */
export interface SqliteRollups {
  /** Rolls up at most `limit` events not rolled up yet, in one transaction. Returns how many. */
  applyBatch(limit?: number): number;
  /** Rolls up every event written so far. */
  catchUp(): void;
}

/**
 * Incremental rollups driven by the event log: events with `seq` above the watermark are read back
 * (they were just written: cache-hot pages), turned into counter deltas and presence marks by the
 * adapter-neutral {@link rollupEvent}, merged in memory (a batch of 20,000 events touches a few hundred
 * counters), and written together with the new watermark in one `BEGIN IMMEDIATE` transaction — so
 * rollups are exactly-once, crash-safe and never block a turn for long, and writers pay nothing.
 */
export function createSqliteRollups(db: Database): SqliteRollups {
  const watermark = db.prepare<[], number>('SELECT seq FROM kpi_watermark WHERE id = 1').pluck();
  const setWatermark = db.prepare('UPDATE kpi_watermark SET seq = ? WHERE id = 1');
  const newEvents = db.prepare<[number, number], EventRollupRow>(
    `SELECT seq, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value,
       CASE type WHEN 'message_received' THEN data ->> 'kind'
                 WHEN 'nlu_evaluated' THEN data ->> 'matched' END AS extra
     FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const latestReferral = db
    .prepare<[string, number], string>(
      `SELECT campaign FROM events WHERE contact_id = ? AND at <= ? AND type = 'referral'
       AND campaign IS NOT NULL ORDER BY at DESC, seq DESC LIMIT 1`,
    )
    .pluck();
  const readState = db.prepare<[string], { pending: string; unmatched: number }>(
    'SELECT pending, unmatched FROM kpi_contact_state WHERE contact_id = ?',
  );
  const writeState = db.prepare(
    `INSERT INTO kpi_contact_state (contact_id, pending, unmatched) SELECT @contact, @pending, @unmatched
     WHERE EXISTS (SELECT 1 FROM contacts WHERE id = @contact)
     ON CONFLICT (contact_id) DO UPDATE SET pending = excluded.pending, unmatched = excluded.unmatched`,
  );
  const upsertCounter = db.prepare(
    `INSERT INTO kpi_counters (grain, bucket, metric, channel, flow, step, intent, campaign, variant, list, n, total)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET n = n + excluded.n, total = total + excluded.total`,
  );
  const insertPresence = db.prepare(
    `INSERT INTO kpi_presence (key, contact_id, q, prev, channel)
     VALUES (@key, @contact, @q,
       coalesce((SELECT max(q) FROM kpi_presence WHERE key = @key AND contact_id = @contact AND q < @q), -1), @channel)
     ON CONFLICT DO NOTHING`,
  );
  // A mark written out of time order becomes the predecessor of the contact's next mark.
  const relink = db.prepare(
    `UPDATE kpi_presence SET prev = @q WHERE key = @key AND contact_id = @contact
     AND q = (SELECT min(q) FROM kpi_presence WHERE key = @key AND contact_id = @contact AND q > @q) AND prev < @q`,
  );

  const toEvent = (r: EventRollupRow): RollupEvent => ({
    type: r.type,
    at: r.at,
    contactId: r.contact_id,
    channel: r.channel,
    flow: r.flow_id,
    step: r.step_id,
    intent: r.intent,
    campaign: r.type === 'conversion' ? (latestReferral.get(r.contact_id, r.at) ?? r.campaign) : r.campaign,
    variant: r.variant,
    list: r.list,
    value: r.value,
    kind: r.type === 'message_received' && typeof r.extra === 'string' ? r.extra : null,
    matched: r.type === 'nlu_evaluated' ? r.extra === 1 || r.extra === 'true' : null,
  });

  const apply = db.transaction((limit: number): number => {
    const rows = newEvents.all(watermark.get() ?? 0, limit);
    if (rows.length === 0) return 0;
    const states = new Map<string, ContactRollupState>();
    const counters = new Map<string, Counter>();
    const marks = new Map<string, [string, string, number, string]>();
    const stateOf = (contactId: string): ContactRollupState => {
      let state = states.get(contactId);
      if (state === undefined) {
        const row = readState.get(contactId);
        state = row
          ? { pending: JSON.parse(row.pending) as [number, string][], unmatched: row.unmatched === 1 }
          : emptyContactState();
        states.set(contactId, state);
      }
      return state;
    };
    for (const row of rows) {
      const e = toEvent(row);
      const { counters: deltas, presence } = rollupEvent(e, stateOf(e.contactId));
      for (const d of deltas) addCounter(counters, d);
      for (const p of presence) {
        const q = bucketStart(p.at, GRAINS.quarter);
        marks.set(`${p.key}\u0000${e.contactId}\u0000${q}`, [p.key, e.contactId, q, e.channel]);
      }
    }
    for (const c of counters.values()) {
      const d = c.delta.dims;
      upsertCounter.run(
        c.grain,
        c.bucket,
        c.delta.metric,
        d.channel,
        d.flow,
        d.step,
        d.intent,
        d.campaign,
        d.variant,
        d.list,
        c.n,
        c.total,
      );
    }
    for (const [key, contactId, q, channel] of marks.values()) {
      if (insertPresence.run({ key, contact: contactId, q, channel }).changes > 0)
        relink.run({ key, contact: contactId, q });
    }
    for (const [contactId, s] of states) {
      writeState.run({
        contact: contactId,
        pending: JSON.stringify(s.pending),
        unmatched: s.unmatched ? 1 : 0,
      });
    }
    setWatermark.run(rows[rows.length - 1]!.seq);
    return rows.length;
  });

  return {
    applyBatch: (limit = ROLLUP_BATCH) => apply.immediate(limit),
    catchUp() {
      while (apply.immediate(ROLLUP_BATCH) === ROLLUP_BATCH) {
        // keep going: each batch is its own short transaction
      }
    },
  };
}

function addCounter(counters: Map<string, Counter>, delta: CounterDelta): void {
  const d = delta.dims;
  const dimsKey = `${delta.metric}\u0000${d.channel}\u0000${d.flow}\u0000${d.step}\u0000${d.intent}\u0000${d.campaign}\u0000${d.variant}\u0000${d.list}`;
  for (const grain of [GRAINS.quarter, GRAINS.hour, GRAINS.day]) {
    const bucket = bucketStart(delta.at, grain);
    const key = `${grain}\u0000${bucket}\u0000${dimsKey}`;
    const c = counters.get(key);
    if (c) {
      c.n += delta.n;
      c.total += delta.total;
    } else counters.set(key, { grain, bucket, delta, n: delta.n, total: delta.total });
  }
}
