import type { Database, Statement } from 'better-sqlite3';
import { err, ok } from '../../core';
import type { LoggedEvent } from '../../core';
import type {
  AnalyticsStore,
  CounterQuery,
  CounterSum,
  DimensionFilter,
  KpiDimension,
  SpendEntry,
  TimeRange,
} from '../analytics-store';
import { responseBinMetric } from '../analytics-store';
import { countMembers, dayBounds } from '../rollups/count-members';
import { hourDaySegments } from '../rollups/hour-segments';
import type { HourDaySegment } from '../rollups/hour-segments';
import { presenceKey } from '../rollups/presence-keys';
import { decodeMembers } from '../rollups/presence-set';
import { addHistogram } from '../rollups/response-histogram';
import { eventColumns, eventParams, toLoggedEvent } from './event-rows';
import type { EventRow } from './event-rows';
import { createSqliteRollups } from './sqlite-rollups';

/**
 * How often the background catch-up runs by default. Rolling up costs ~13 µs per event on the event
 * loop; at 500 messages/s (~2,000 events/s) a catch-up every 250 ms blocks it ~7 ms at a time, where
 * one per second blocked it 25–65 ms (a reply-latency spike every second).
 */
export const DEFAULT_ROLLUP_INTERVAL_MS = 250;

/** Counter dimension → column (the API's `flow` is the `flow` column, and so on). */
const COLUMN: Readonly<Record<KpiDimension | 'step', string>> = {
  channel: 'channel',
  flow: 'flow',
  step: 'step',
  intent: 'intent',
  campaign: 'campaign',
  variant: 'variant',
  list: 'list',
};

function filterSql(filter: DimensionFilter, alias: string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const [dim, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    parts.push(`${alias}.${COLUMN[dim as KpiDimension]} = ?`);
    params.push(value);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/** A counter row's signed contribution to a segment: whole rows, or weighted quarter columns. */
const SIGNED_N = `CASE WHEN seg.s <> 0 THEN seg.s * c.n
  ELSE seg.w0 * c.n0 + seg.w1 * c.n1 + seg.w2 * c.n2 + seg.w3 * c.n3 END`;
const SIGNED_TOTAL = `CASE WHEN seg.s <> 0 THEN seg.s * c.total
  ELSE seg.w0 * c.t0 + seg.w1 * c.t1 + seg.w2 * c.t2 + seg.w3 * c.t3 END`;

/** A segment as the JSON row the queries join on: [range, grain, from, to, whole-bucket sign, quarter weights…]. */
function segmentRow(i: number, s: HourDaySegment): number[] {
  const q = s.quarters;
  if (q === undefined) return [i, s.grain, s.from, s.to, s.sign, 0, 0, 0, 0];
  return [i, s.grain, s.from, s.to, 0, ...[0, 1, 2, 3].map((j) => (q & (1 << j) ? s.sign : 0))];
}

interface HistogramRow {
  readonly i: number;
  readonly s: number;
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly channel: string;
  readonly bins: Buffer;
}

interface CounterRow {
  readonly i: number;
  readonly metric: string;
  readonly k: string | null;
  readonly n: number;
  readonly total: number;
}

interface SpendRow {
  readonly campaign: string;
  readonly date: string;
  readonly amount: number;
  readonly currency: string;
}

/** The {@link AnalyticsStore} half of the SQLite store, plus the background rollup timer. */
export interface SqliteAnalytics {
  readonly methods: AnalyticsStore;
  /** Stops the background catch-up (before closing the connection). */
  stop(): void;
}

/**
 * KPI reads over the rollup tables (see {@link createSqliteRollups}). Every read first rolls up the
 * events written since the last catch-up, so it is exact; a timer (`intervalMs`, 0 = off) keeps that
 * tail short in the background. Counter segments are passed as JSON and joined on the
 * `(grain, metric, bucket)` key; distinct counts read the presence sets of the range's days and union
 * them in memory. A read touches rollup rows, never the event log.
 */
export function createSqliteAnalytics(
  db: Database,
  use: <T>(fn: () => T) => T,
  intervalMs: number = DEFAULT_ROLLUP_INTERVAL_MS,
): SqliteAnalytics {
  const rollups = createSqliteRollups(db);
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string): Statement<unknown[]> => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (!db.open) return;
          try {
            rollups.applyBatch();
          } catch {
            // Busy or closing: the next tick or the next read catches up.
          }
        }, intervalMs)
      : null;
  timer?.unref();
  const read = <T>(fn: () => T): T =>
    use(() => {
      rollups.catchUp();
      return fn();
    });

  const conversionByKey = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE id = (SELECT event_id FROM conversions WHERE idempotency_key = ?)`,
  );
  const insertConversionKey = db.prepare(
    'INSERT INTO conversions (idempotency_key, event_id, contact_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const insertEvent = db.prepare(`INSERT INTO events
    (id, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const latestReferral = db
    .prepare<[string, number], string>(
      `SELECT campaign FROM events WHERE contact_id = ? AND at <= ? AND type = 'referral'
       AND campaign IS NOT NULL ORDER BY at DESC, seq DESC LIMIT 1`,
    )
    .pluck();
  const record = db.transaction((event: LoggedEvent, key: string) => {
    if (insertConversionKey.run(key, event.id, event.contactId, event.at).changes === 0) {
      const first = conversionByKey.get(key);
      return err({ code: 'duplicate' as const, event: first ? toLoggedEvent(first) : event });
    }
    const attributed: LoggedEvent = {
      ...event,
      campaign: latestReferral.get(event.contactId, event.at) ?? event.campaign,
    };
    insertEvent.run(eventParams(attributed));
    return ok(attributed);
  });
  const upsertSpend = db.prepare(
    `INSERT INTO campaign_spend (campaign, date, amount, currency, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (campaign, date) DO UPDATE SET amount = excluded.amount, currency = excluded.currency,
     updated_at = excluded.updated_at`,
  );

  /** Response-time bins per range from the histograms; they carry only the channel dimension. */
  const binSums = (segmentsJson: string, filter: DimensionFilter, by: CounterQuery['by']): CounterSum[] => {
    if (Object.entries(filter).some(([d, v]) => v !== undefined && d !== 'channel')) return [];
    const sql = `WITH seg(i, g, lo, hi, s, w0, w1, w2, w3) AS MATERIALIZED (SELECT value ->> 0, value ->> 1,
        value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each(?))
      SELECT seg.i AS i, seg.s AS s, seg.w0 AS w0, seg.w1 AS w1, seg.w2 AS w2, seg.w3 AS w3,
        h.channel AS channel, h.bins AS bins
      FROM seg CROSS JOIN kpi_histograms h
      WHERE h.grain = seg.g AND h.bucket >= seg.lo AND h.bucket < seg.hi${filter.channel === undefined ? '' : ' AND h.channel = ?'}`;
    const params = filter.channel === undefined ? [segmentsJson] : [segmentsJson, filter.channel];
    const sums = new Map<string, { range: number; key: string | null; bins: Map<number, number> }>();
    for (const r of prepared(sql).all(...params) as HistogramRow[]) {
      const key = by === 'channel' ? r.channel : null;
      const id = `${r.i}\u0000${key ?? ''}`;
      let sum = sums.get(id);
      if (sum === undefined) {
        sum = { range: r.i, key, bins: new Map() };
        sums.set(id, sum);
      }
      addHistogram(sum.bins, r.bins, r.s, [r.w0, r.w1, r.w2, r.w3]);
    }
    return [...sums.values()].flatMap(({ range, key, bins }) =>
      [...bins]
        .filter(([, n]) => n !== 0)
        .map(([bin, n]) => ({ range, metric: responseBinMetric(bin), key, n, total: 0 })),
    );
  };

  const methods: AnalyticsStore = {
    async sumCounters(query) {
      return read(() => {
        const segments = query.ranges.flatMap((r, i) => hourDaySegments(r).map((s) => segmentRow(i, s)));
        if (segments.length === 0) return [];
        const metrics = query.metrics;
        const f = filterSql(query.filter, 'c');
        const by = query.by ? `c.${COLUMN[query.by]}` : 'NULL';
        const sql = `WITH seg(i, g, lo, hi, s, w0, w1, w2, w3) AS MATERIALIZED (SELECT value ->> 0, value ->> 1,
            value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each(?))
          SELECT seg.i AS i, c.metric AS metric, ${by} AS k,
            SUM(${SIGNED_N}) AS n, SUM(${SIGNED_TOTAL}) AS total
          FROM seg CROSS JOIN kpi_counters c
          WHERE c.grain = seg.g AND c.metric IN (${metrics.map(() => '?').join(', ') || "''"})
            AND c.bucket >= seg.lo AND c.bucket < seg.hi${f.sql}
          GROUP BY seg.i, c.metric, k`;
        const json = JSON.stringify(segments);
        const rows = prepared(sql).all(json, ...metrics, ...f.params) as CounterRow[];
        const sums = rows
          .filter((r) => r.n !== 0 || r.total !== 0)
          .map((r) => ({
            range: r.i,
            metric: r.metric,
            key: query.by ? r.k || null : null,
            n: r.n,
            total: r.total,
          }));
        return query.includeResponseBins ? [...sums, ...binSums(json, query.filter, query.by)] : sums;
      });
    },
    async countDistinct(query) {
      return read(() => {
        const days = dayBounds(query.ranges);
        if (days === null) return [];
        const channel = query.filter.channel;
        const sql = `SELECT day, channel, members FROM kpi_presence
          WHERE key = ? AND day >= ? AND day <= ?${channel === undefined ? '' : ' AND channel = ?'}`;
        const params: unknown[] = [presenceKey(query.population, query.filter), days.first, days.last];
        if (channel !== undefined) params.push(channel);
        const rows = (
          prepared(sql).all(...params) as { day: number; channel: string; members: Buffer }[]
        ).map((r) => ({ day: r.day, channel: r.channel, words: decodeMembers(r.members) }));
        return countMembers(rows, query.ranges, query.byChannel === true);
      });
    },
    async dimensionValues(dimension, range, filter) {
      return read(() => {
        const segments = hourDaySegments(range).map((s) => segmentRow(0, s));
        if (segments.length === 0) return [];
        const f = filterSql(filter, 'c');
        const col = `c.${COLUMN[dimension]}`;
        // Every metric's rows, summed with their signs: a value only in a subtracted segment is not in the range.
        const sql = `WITH seg(g, lo, hi, s, w0, w1, w2, w3) AS MATERIALIZED (SELECT value ->> 1, value ->> 2, value ->> 3,
            value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each(?))
          SELECT ${col} AS v FROM seg CROSS JOIN kpi_counters c
          WHERE c.grain = seg.g AND c.bucket >= seg.lo AND c.bucket < seg.hi AND ${col} <> ''${f.sql}
          GROUP BY v HAVING SUM(${SIGNED_N}) <> 0
          ORDER BY v`;
        return prepared(sql)
          .pluck()
          .all(JSON.stringify(segments), ...f.params) as string[];
      });
    },
    async recordConversion(event, idempotencyKey) {
      return use(() => record.immediate(event, idempotencyKey));
    },
    async setSpend(entry: SpendEntry, now: number) {
      use(() => upsertSpend.run(entry.campaign, entry.date, entry.amount, entry.currency, now));
    },
    async listSpend(query) {
      return use(() => {
        const parts: string[] = [];
        const params: string[] = [];
        if (query.fromDate !== undefined) {
          parts.push('date >= ?');
          params.push(query.fromDate);
        }
        if (query.toDate !== undefined) {
          parts.push('date < ?');
          params.push(query.toDate);
        }
        if (query.campaign !== undefined) {
          parts.push('campaign = ?');
          params.push(query.campaign);
        }
        const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
        const sql = `SELECT campaign, date, amount, currency FROM campaign_spend ${where} ORDER BY date, campaign`;
        return (prepared(sql).all(...params) as SpendRow[]).map((r) => ({ ...r }));
      });
    },
    async topUnmatchedTexts(range: TimeRange, limit: number) {
      return use(() => {
        const sql = `SELECT min(text) AS text, count(*) AS count, max(at) AS lastAt FROM messages
          WHERE matched = 0 AND at >= ? AND at < ? AND direction = 'in' AND text IS NOT NULL
          GROUP BY lower(trim(text)) ORDER BY count DESC, lastAt DESC LIMIT ?`;
        return prepared(sql).all(range.from, range.to, Math.max(0, Math.trunc(limit))) as {
          text: string;
          count: number;
          lastAt: number;
        }[];
      });
    },
  };
  return {
    methods,
    stop() {
      if (timer !== null) clearInterval(timer);
    },
  };
}
