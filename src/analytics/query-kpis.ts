import type { AnalyticsStore, KpiDimension, TimeRange } from '../store';
import { computeKpis } from './compute-kpis';
import type { KpiQuery } from './kpi-query';
import type { KpiName, KpiSet } from './kpi-names';
import { seriesBuckets } from './series-buckets';

/** One period's answer: its range, totals and series. */
export interface KpiPeriod {
  readonly range: {
    readonly from: string;
    readonly to: string;
    readonly tz: string;
    readonly granularity: string;
  };
  readonly kpis: KpiSet;
  readonly series: readonly { readonly start: string; readonly end: string; readonly kpis: KpiSet }[];
}

/** The answer of `GET /v1/kpis`. */
export interface KpiReport extends KpiPeriod {
  readonly previous?: KpiPeriod;
}

async function period(store: AnalyticsStore, q: KpiQuery, range: TimeRange): Promise<KpiPeriod> {
  const buckets = seriesBuckets(range, q.granularity, q.tz);
  const [totals, series] = await Promise.all([
    computeKpis(store, { ranges: [range], filter: q.filter, tz: q.tz }),
    computeKpis(store, { ranges: buckets, filter: q.filter, tz: q.tz }),
  ]);
  const iso = (t: number) => new Date(t).toISOString();
  return {
    range: { from: iso(range.from), to: iso(range.to), tz: q.tz, granularity: q.granularity },
    kpis: totals[0]!,
    series: buckets.map((b, i) => ({ start: iso(b.from), end: iso(b.to), kpis: series[i]! })),
  };
}

/**
 * Answers a KPI query: totals over the range, the series at its granularity, and with `compare` the
 * previous period of equal length (ending where this one starts).
 */
export async function queryKpis(store: AnalyticsStore, q: KpiQuery): Promise<KpiReport> {
  const current = await period(store, q, q.range);
  if (!q.compare) return current;
  const length = q.range.to - q.range.from;
  const previous = await period(store, q, { from: q.range.from - length, to: q.range.from });
  return { ...current, previous };
}

/** One KPI for one value of the breakdown dimension. */
export interface KpiBreakdownRow {
  readonly key: string;
  readonly kpi: KpiSet[KpiName];
}

/**
 * One KPI broken down by a dimension: every value seen in the range, each computed as if filtered by
 * it (events without the dimension are in no row).
 */
export async function breakdownKpi(
  store: AnalyticsStore,
  q: KpiQuery,
  name: KpiName,
  by: KpiDimension,
): Promise<KpiBreakdownRow[]> {
  const values = await store.dimensionValues(by, q.range, q.filter);
  const rows = await Promise.all(
    values.map(async (key) => {
      const [set] = await computeKpis(store, {
        ranges: [q.range],
        filter: { ...q.filter, [by]: key },
        tz: q.tz,
      });
      return { key, kpi: set![name] };
    }),
  );
  return rows;
}
