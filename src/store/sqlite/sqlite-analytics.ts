import type { Database, Statement } from 'better-sqlite3';
import { err, ok } from '../../core';
import type { LoggedEvent } from '../../core';
import type {
  AnalyticsStore,
  DimensionFilter,
  KpiDimension,
  SpendEntry,
  TimeRange,
} from '../analytics-store';
import { ROLLUP_QUARTER_MS } from '../analytics-store';
import { grainSegments } from '../rollups/grain-segments';
import { presenceKey } from '../rollups/presence-keys';
import { eventColumns, eventParams, toLoggedEvent } from './event-rows';
import type { EventRow } from './event-rows';
import { createSqliteRollups } from './sqlite-rollups';

/** How often the background catch-up runs by default. */
export const DEFAULT_ROLLUP_INTERVAL_MS = 1000;

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

const quarter = (t: number): number => Math.floor(t / ROLLUP_QUARTER_MS) * ROLLUP_QUARTER_MS;

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
 * tail short in the background. Segments and ranges are passed as JSON and joined on the
 * `(grain, bucket)` / `(key, q)` indexes, so a read touches rollup rows, never the event log.
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

  const methods: AnalyticsStore = {
    async sumCounters(query) {
      return read(() => {
        const segments = query.ranges.flatMap((r, i) =>
          grainSegments(r).map((s) => [i, s.grain, s.from, s.to, s.sign]),
        );
        if (segments.length === 0) return [];
        const f = filterSql(query.filter, 'c');
        const by = query.by ? `c.${COLUMN[query.by]}` : 'NULL';
        const metricSql = query.metrics.map(() => '?').join(', ');
        const bins = query.includeResponseBins ? ` OR c.metric LIKE 'response\\_bin:%' ESCAPE '\\'` : '';
        const sql = `WITH seg(i, g, lo, hi, s) AS (
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?))
          SELECT seg.i AS i, c.metric AS metric, ${by} AS k, SUM(seg.s * c.n) AS n, SUM(seg.s * c.total) AS total
          FROM seg CROSS JOIN kpi_counters c
          WHERE c.grain = seg.g AND c.bucket >= seg.lo AND c.bucket < seg.hi
            AND (c.metric IN (${metricSql || "''"})${bins})${f.sql}
          GROUP BY seg.i, c.metric, k`;
        const rows = prepared(sql).all(JSON.stringify(segments), ...query.metrics, ...f.params) as {
          i: number;
          metric: string;
          k: string | null;
          n: number;
          total: number;
        }[];
        return rows
          .filter((r) => r.n !== 0 || r.total !== 0)
          .map((r) => ({
            range: r.i,
            metric: r.metric,
            key: query.by ? r.k || null : null,
            n: r.n,
            total: r.total,
          }));
      });
    },
    async countDistinct(query) {
      return read(() => {
        const bounds = query.ranges.map((r, i) => [i, quarter(r.from), quarter(r.to)]);
        if (bounds.length === 0) return [];
        const channel = query.filter.channel;
        const sql = `WITH b(i, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
          SELECT b.i AS i, ${query.byChannel ? 'p.channel' : 'NULL'} AS k, count(*) AS n
          FROM b CROSS JOIN kpi_presence p
          WHERE p.key = ? AND p.q >= b.lo AND p.q < b.hi AND p.prev < b.lo${channel === undefined ? '' : ' AND p.channel = ?'}
          GROUP BY b.i, k`;
        const params: unknown[] = [JSON.stringify(bounds), presenceKey(query.population, query.filter)];
        if (channel !== undefined) params.push(channel);
        return (prepared(sql).all(...params) as { i: number; k: string | null; n: number }[]).map((r) => ({
          range: r.i,
          key: r.k,
          n: r.n,
        }));
      });
    },
    async dimensionValues(dimension, range, filter) {
      return read(() => {
        const segments = grainSegments(range).map((s) => [s.grain, s.from, s.to]);
        if (segments.length === 0) return [];
        const f = filterSql(filter, 'c');
        const col = `c.${COLUMN[dimension]}`;
        const sql = `WITH seg(g, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
          SELECT DISTINCT ${col} FROM seg CROSS JOIN kpi_counters c
          WHERE c.grain = seg.g AND c.bucket >= seg.lo AND c.bucket < seg.hi AND ${col} <> ''${f.sql}
          ORDER BY 1`;
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
