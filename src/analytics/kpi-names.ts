/** The KPIs of kpis.md, in its order. */
export const KPI_NAMES = [
  'matchedResponseRate',
  'interactionsPerUser',
  'insightsPerUser',
  'ctr',
  'conversionRate',
  'costPerConversion',
  'roas',
  'outboundVolume',
  'responseRate',
  'unsubscribes',
  'listVolume',
  'avgResponseTime',
] as const;
/** One of {@link KPI_NAMES}. */
export type KpiName = (typeof KPI_NAMES)[number];

/** A KPI with what it was computed from; `value` is null when the denominator is 0. */
export interface KpiValue {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

/** `avgResponseTime`: the mean (value), median and p90 in seconds, and the unanswered inbound messages. */
export interface ResponseTimeKpi extends KpiValue {
  readonly median: number | null;
  readonly p90: number | null;
  readonly unanswered: number;
}

/** `unsubscribes`: the count in the range, and the net unsubscribed contacts at its end. */
export interface UnsubscribesKpi extends KpiValue {
  readonly runningTotal: number;
}

/** `listVolume`: broadcast messages sent, in total and per list. */
export interface ListVolumeKpi extends KpiValue {
  readonly byList: Readonly<Record<string, number>>;
}

/** Every KPI of one range. */
export type KpiSet = Readonly<
  Record<Exclude<KpiName, 'avgResponseTime' | 'unsubscribes' | 'listVolume'>, KpiValue>
> & {
  readonly avgResponseTime: ResponseTimeKpi;
  readonly unsubscribes: UnsubscribesKpi;
  readonly listVolume: ListVolumeKpi;
};
