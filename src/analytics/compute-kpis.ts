import type { AnalyticsStore, CounterSum, DimensionFilter, TimeRange } from '../store';
import { DERIVED_METRICS } from '../store';
import type { KpiSet } from './kpi-names';
import { count, ratio, round } from './kpi-value';
import { histogramQuantile } from './response-time-stats';
import { addDays, dateIn, formatDate, startOfDay } from './zoned-time';

const M = {
  interaction: DERIVED_METRICS.interaction,
  inbound: DERIVED_METRICS.inbound,
  nlu: 'nlu_evaluated',
  matched: DERIVED_METRICS.nluMatched,
  dataPoints: 'attribute_captured',
  clicks: 'link_clicked',
  conversions: 'conversion',
  outbound: 'message_sent',
  listSent: DERIVED_METRICS.listSent,
  unsubscribed: 'unsubscribed',
  subscribed: 'subscribed',
  responseTime: DERIVED_METRICS.responseTime,
} as const;

const BIN_PREFIX = 'response_bin:';

/** What {@link computeKpis} computes: every KPI for each range, under one filter, days in `tz`. */
export interface KpiComputation {
  /** Contiguous and ascending (a series, or one range): running totals accumulate along them. */
  readonly ranges: readonly TimeRange[];
  readonly filter: DimensionFilter;
  readonly tz: string;
}

interface Sums {
  n: Map<string, number>;
  total: Map<string, number>;
  bins: Map<number, number>;
  byList: Record<string, number>;
}

const emptySums = (): Sums => ({ n: new Map(), total: new Map(), bins: new Map(), byList: {} });

function collect(rows: readonly CounterSum[], size: number): Sums[] {
  const sums = Array.from({ length: size }, emptySums);
  for (const r of rows) {
    const s = sums[r.range];
    if (!s) continue;
    if (r.metric.startsWith(BIN_PREFIX)) {
      const bin = Number(r.metric.slice(BIN_PREFIX.length));
      s.bins.set(bin, (s.bins.get(bin) ?? 0) + r.n);
    } else {
      s.n.set(r.metric, (s.n.get(r.metric) ?? 0) + r.n);
      s.total.set(r.metric, (s.total.get(r.metric) ?? 0) + r.total);
    }
  }
  return sums;
}

/** Spend is only known per campaign: under any other dimension filter it cannot be attributed. */
const spendAttributable = (filter: DimensionFilter): boolean =>
  Object.entries(filter).every(([k, v]) => v === undefined || k === 'campaign');

/** Spend per range: a day's spend counts where its local midnight (in `tz`) falls. */
async function spendPerRange(store: AnalyticsStore, c: KpiComputation): Promise<number[]> {
  const totals = c.ranges.map(() => 0);
  if (c.ranges.length === 0) return totals;
  const lo = Math.min(...c.ranges.map((r) => r.from));
  const hi = Math.max(...c.ranges.map((r) => r.to));
  const entries = await store.listSpend({
    fromDate: formatDate(addDays(dateIn(lo, c.tz), -1)),
    toDate: formatDate(addDays(dateIn(hi, c.tz), 2)),
    ...(c.filter.campaign === undefined ? {} : { campaign: c.filter.campaign }),
  });
  for (const e of entries) {
    const [y, m, d] = e.date.split('-').map(Number);
    const at = startOfDay({ year: y ?? 1970, month: m ?? 1, day: d ?? 1 }, c.tz);
    c.ranges.forEach((r, i) => {
      if (at >= r.from && at < r.to) totals[i] = (totals[i] ?? 0) + e.amount;
    });
  }
  return totals;
}

function distinctPerRange(rows: readonly { range: number; n: number }[], size: number): number[] {
  const out = Array.from({ length: size }, () => 0);
  for (const r of rows) out[r.range] = (out[r.range] ?? 0) + r.n;
  return out;
}

/**
 * Every KPI of kpis.md for each range, from store primitives only: counter sums, exact distinct
 * contacts, spend, and the response-time histogram. Unsubscribes carry the running total of
 * unsubscribed contacts at each range's end (unsubscribes − re-subscribes since the beginning).
 */
export async function computeKpis(store: AnalyticsStore, c: KpiComputation): Promise<KpiSet[]> {
  const size = c.ranges.length;
  if (size === 0) return [];
  const first = Math.min(...c.ranges.map((r) => r.from));
  const [counterRows, listRows, users, visitors, spend, before] = await Promise.all([
    store.sumCounters({
      ranges: c.ranges,
      metrics: Object.values(M),
      includeResponseBins: true,
      filter: c.filter,
    }),
    store.sumCounters({ ranges: c.ranges, metrics: [M.listSent], filter: c.filter, by: 'list' }),
    store.countDistinct({ ranges: c.ranges, population: { kind: 'users' }, filter: c.filter }),
    store.countDistinct({ ranges: c.ranges, population: { kind: 'visitors' }, filter: c.filter }),
    spendPerRange(store, c),
    store.sumCounters({
      ranges: [{ from: 0, to: first }],
      metrics: [M.unsubscribed, M.subscribed],
      filter: c.filter,
    }),
  ]);
  const sums = collect(counterRows, size);
  for (const r of listRows) {
    const s = sums[r.range];
    if (s && r.key !== null) s.byList[r.key] = (s.byList[r.key] ?? 0) + r.n;
  }
  const userCounts = distinctPerRange(users, size);
  const visitorCounts = distinctPerRange(visitors, size);
  const base = collect(before, 1)[0] ?? emptySums();
  const netBefore = (base.n.get(M.unsubscribed) ?? 0) - (base.n.get(M.subscribed) ?? 0);
  const attributable = spendAttributable(c.filter);
  let net = netBefore;
  return c.ranges.map((_r, i) => {
    const s = sums[i] ?? emptySums();
    const n = (m: string) => s.n.get(m) ?? 0;
    const total = (m: string) => s.total.get(m) ?? 0;
    const u = userCounts[i] ?? 0;
    const cost = spend[i] ?? 0;
    const answered = n(M.responseTime);
    const rt = ratio(total(M.responseTime), answered);
    const unsubscribed = n(M.unsubscribed);
    net += unsubscribed - n(M.subscribed);
    const kpis: KpiSet = {
      matchedResponseRate: ratio(n(M.matched), n(M.nlu), 100),
      interactionsPerUser: ratio(n(M.interaction), u),
      insightsPerUser: ratio(n(M.dataPoints), u),
      ctr: ratio(n(M.clicks), u, 100),
      conversionRate: ratio(n(M.conversions), visitorCounts[i] ?? 0, 100),
      costPerConversion: attributable
        ? ratio(cost, n(M.conversions))
        : { value: null, numerator: 0, denominator: n(M.conversions) },
      roas: attributable
        ? ratio(total(M.conversions), cost)
        : { value: null, numerator: round(total(M.conversions)), denominator: 0 },
      outboundVolume: count(n(M.outbound)),
      responseRate: ratio(n(M.inbound), n(M.outbound), 100),
      unsubscribes: { ...count(unsubscribed), runningTotal: net },
      listVolume: { ...count(n(M.listSent)), byList: s.byList },
      avgResponseTime: {
        ...rt,
        median: histogramQuantile(s.bins, 0.5),
        p90: histogramQuantile(s.bins, 0.9),
        unanswered: Math.max(0, n(M.inbound) - answered),
      },
    };
    return kpis;
  });
}
