import type { KpiName, KpiValue } from './types';

/** How a KPI is shown: its label, unit and whether a rise is good news. */
export interface KpiMeta {
  readonly name: KpiName;
  readonly label: string;
  readonly unit: 'percent' | 'ratio' | 'currency' | 'count' | 'seconds' | 'times';
  readonly higherIsBetter: boolean;
  /** What the numerator and denominator count, for the small print. */
  readonly parts: readonly [string, string] | null;
}

/** The twelve KPIs of docs/kpis.md, in its order. */
export const KPIS: readonly KpiMeta[] = [
  {
    name: 'matchedResponseRate',
    label: 'Matched response rate',
    unit: 'percent',
    higherIsBetter: true,
    parts: ['matched', 'evaluated'],
  },
  {
    name: 'interactionsPerUser',
    label: 'Interactions per user',
    unit: 'ratio',
    higherIsBetter: true,
    parts: ['interactions', 'users'],
  },
  {
    name: 'insightsPerUser',
    label: 'Insights per user',
    unit: 'ratio',
    higherIsBetter: true,
    parts: ['data points', 'users'],
  },
  { name: 'ctr', label: 'CTR to website', unit: 'percent', higherIsBetter: true, parts: ['clicks', 'users'] },
  {
    name: 'conversionRate',
    label: 'Conversion rate',
    unit: 'percent',
    higherIsBetter: true,
    parts: ['conversions', 'visitors'],
  },
  {
    name: 'costPerConversion',
    label: 'Cost per conversion',
    unit: 'currency',
    higherIsBetter: false,
    parts: ['spend', 'conversions'],
  },
  {
    name: 'roas',
    label: 'Return on ad spend',
    unit: 'times',
    higherIsBetter: true,
    parts: ['value', 'spend'],
  },
  { name: 'outboundVolume', label: 'Outbound messages', unit: 'count', higherIsBetter: true, parts: null },
  {
    name: 'responseRate',
    label: 'Response rate',
    unit: 'percent',
    higherIsBetter: true,
    parts: ['inbound', 'outbound'],
  },
  { name: 'unsubscribes', label: 'Unsubscribes', unit: 'count', higherIsBetter: false, parts: null },
  { name: 'listVolume', label: 'List volume', unit: 'count', higherIsBetter: true, parts: null },
  {
    name: 'avgResponseTime',
    label: 'Avg response time',
    unit: 'seconds',
    higherIsBetter: false,
    parts: ['total s', 'replies'],
  },
];

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count with thousands separators. */
export const formatCount = (n: number): string => integer.format(n);

/** Money in the install's currency, two decimals. */
export function formatMoney(n: number | null, currency: string): string {
  if (n === null) return '–';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(n);
}

/** A share 0–1 as a percentage with one decimal. */
export const formatShare = (n: number | null): string =>
  n === null ? '–' : `${oneDecimal.format(n * 100)} %`;

/** A KPI's value as shown on its card; `–` when it has no value (zero denominator). */
export function formatKpi(unit: KpiMeta['unit'], value: number | null, currency = 'USD'): string {
  if (value === null) return '–';
  switch (unit) {
    case 'percent':
      return `${oneDecimal.format(value)} %`;
    case 'ratio':
      return twoDecimals.format(value);
    case 'times':
      return `${twoDecimals.format(value)}×`;
    case 'currency':
      return formatMoney(value, currency);
    case 'count':
      return integer.format(value);
    case 'seconds':
      return value < 60 ? `${oneDecimal.format(value)} s` : `${oneDecimal.format(value / 60)} min`;
  }
}

/** The change from `previous` to `current` in percent, or null when there is nothing to compare. */
export function change(current: KpiValue, previous: KpiValue | undefined): number | null {
  if (!previous || current.value === null || previous.value === null || previous.value === 0) return null;
  return ((current.value - previous.value) / Math.abs(previous.value)) * 100;
}

/** A signed percentage change, like `+12.5 %`. */
export function formatChange(pct: number): string {
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${oneDecimal.format(Math.abs(pct))} %`;
}

/** A date-time (epoch ms or ISO) as a short local date. */
export function formatDate(t: number | string): string {
  return new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/** A compact axis tick: `100%`, `2.5`, `1.2k`. */
export function formatTick(unit: KpiMeta['unit'], value: number): string {
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
  if (unit === 'percent') return `${compact}%`;
  if (unit === 'times') return `${compact}×`;
  return compact;
}
