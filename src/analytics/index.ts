export { campaignStats } from './campaign-stats';
export type { CampaignStats } from './campaign-stats';
export { computeKpis } from './compute-kpis';
export type { KpiComputation } from './compute-kpis';
export { flowFunnel } from './flow-funnel';
export type { Funnel, FunnelStep } from './flow-funnel';
export { flowVariants } from './flow-variants';
export type { VariantStats } from './flow-variants';
export { intentStats } from './intent-stats';
export type { IntentStat, IntentStats } from './intent-stats';
export { KPI_NAMES } from './kpi-names';
export type { KpiName, KpiSet, KpiValue, ListVolumeKpi, ResponseTimeKpi, UnsubscribesKpi } from './kpi-names';
export {
  MAX_RANGE_DAYS,
  filterOf,
  filterQuerySchema,
  kpiQuerySchema,
  parseKpiQuery,
  rangeQuerySchema,
  resolveRange,
} from './kpi-query';
export type { KpiQuery, KpiQueryInput } from './kpi-query';
export { breakdownKpi, queryKpis } from './query-kpis';
export type { KpiBreakdownRow, KpiPeriod, KpiReport } from './query-kpis';
export { conversionRequestSchema, recordConversion, spendRequestSchema } from './record-conversion';
export type { ConversionDeps, ConversionOutcome, ConversionRequest, SpendRequest } from './record-conversion';
export { histogramQuantile } from './response-time-stats';
export { seriesBuckets } from './series-buckets';
export type { Granularity } from './series-buckets';
export { dateIn, isTimeZone, offsetAt, startOfDay } from './zoned-time';
export type { CalendarDate } from './zoned-time';
