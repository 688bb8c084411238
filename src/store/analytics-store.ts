import type { LoggedEvent, Result } from '../core';

/** The KPI dimensions a query can filter or break down by (`channel` is a property of the contact). */
export const KPI_DIMENSIONS = ['channel', 'flow', 'intent', 'campaign', 'variant', 'list'] as const;
/** One of {@link KPI_DIMENSIONS}. */
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];
/** Dimension → value; absent dimensions are not filtered. */
export type DimensionFilter = Partial<Readonly<Record<KpiDimension, string>>>;

/** A half-open UTC time range `[from, to)` in epoch ms; both ends are multiples of {@link ROLLUP_QUARTER_MS}. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** The finest rollup bucket: 15 minutes, so that every real UTC offset (+5:30, +5:45…) has exact local days. */
export const ROLLUP_QUARTER_MS = 15 * 60 * 1000;

/**
 * Counters rolled up from the event log. Every event type counts under its own name (`n` = events,
 * `total` = sum of `value`); the derived counters below count what the KPI definitions need.
 */
export const DERIVED_METRICS = Object.freeze({
  /** Inbound messages of any kind (text, attachment, quick reply, postback) and link clicks. */
  interaction: 'interaction',
  /** Inbound text, attachment and quick-reply messages (not postbacks). */
  inbound: 'inbound',
  /** `nlu_evaluated` events whose best intent passed the threshold (`total` = sum of scores). */
  nluMatched: 'nlu_matched',
  /** `message_sent` events with a `list` (broadcasts). */
  listSent: 'list_sent',
  /** Answered inbound messages, at the inbound's time (`total` = seconds to the reply). */
  responseTime: 'response_time',
  /** `flow_abandoned` right after a free-text message the bot did not understand. */
  abandonedAfterUnmatched: 'abandoned_after_unmatched',
});

/** The counter holding answered inbound messages whose response time fell in histogram bin `bin`. */
export function responseBinMetric(bin: number): string {
  return `response_bin:${bin}`;
}

/** Histogram bins per doubling of the response time: bin edges grow by 2^(1/8) ≈ 1.0905. */
export const RESPONSE_BINS_PER_OCTAVE = 8;

/**
 * The histogram bin of a response time: 0 for < 1 ms, else `1 + floor(8 · log2(ms))`. Reporting a bin
 * by {@link responseBinValue} is off by at most 4.4 % of the true time (or 1 ms in bin 0).
 */
export function responseTimeBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  return 1 + Math.floor(RESPONSE_BINS_PER_OCTAVE * Math.log2(ms));
}

/** The value (ms) a histogram bin stands for: the geometric middle of its edges (0 for bin 0). */
export function responseBinValue(bin: number): number {
  if (bin <= 0) return 0;
  return 2 ** ((bin - 1 + 0.5) / RESPONSE_BINS_PER_OCTAVE);
}

/** What {@link AnalyticsStore.sumCounters} sums. */
export interface CounterQuery {
  /** One result group per range (series buckets); ranges may overlap. */
  readonly ranges: readonly TimeRange[];
  /** Counter names; `response_bin:*` names are matched with {@link includeResponseBins}. */
  readonly metrics: readonly string[];
  /** Also return every `response_bin:<n>` counter. */
  readonly includeResponseBins?: boolean;
  readonly filter: DimensionFilter;
  /** Group by this dimension too (`step` only for funnels). */
  readonly by?: KpiDimension | 'step';
}

/** A counter summed over one range (and one value of the `by` dimension). */
export interface CounterSum {
  /** Index into `ranges`. */
  readonly range: number;
  readonly metric: string;
  /** The `by` dimension's value (null: the events had none); null when not grouped. */
  readonly key: string | null;
  readonly n: number;
  readonly total: number;
}

/**
 * Whose distinct contacts {@link AnalyticsStore.countDistinct} counts: `users` — with no dimension
 * filter besides `channel`, contacts with an interaction; with a flow/intent/campaign/variant/list
 * filter, contacts with any event carrying those values. `visitors` — contacts with a link click
 * (matching the filter). `step` — contacts that reached `filter.flow`'s step `step`.
 */
export type Population =
  | { readonly kind: 'users' }
  | { readonly kind: 'visitors' }
  | { readonly kind: 'step'; readonly step: string };

/** What {@link AnalyticsStore.countDistinct} counts. */
export interface DistinctQuery {
  readonly ranges: readonly TimeRange[];
  readonly population: Population;
  readonly filter: DimensionFilter;
  /** Count separately for each contact channel. */
  readonly byChannel?: boolean;
}

/** Distinct contacts of one range (and channel). */
export interface DistinctCount {
  readonly range: number;
  /** The channel when grouped by channel, else null. */
  readonly key: string | null;
  readonly n: number;
}

/** Ad spend of a campaign on a calendar day. */
export interface SpendEntry {
  readonly campaign: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly amount: number;
  readonly currency: string;
}

/** Which spend {@link AnalyticsStore.listSpend} returns: days in `[fromDate, toDate)` (`YYYY-MM-DD`). */
export interface SpendQuery {
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly campaign?: string;
}

/** Why a conversion was not recorded: its idempotency key was used before (by `event`). */
export interface DuplicateConversion {
  readonly code: 'duplicate';
  readonly event: LoggedEvent;
}

/** A free-text message the matcher could not place, with how often it was sent. */
export interface UnmatchedText {
  readonly text: string;
  readonly count: number;
  /** Epoch ms of the latest one. */
  readonly lastAt: number;
}

/**
 * KPI primitives of a {@link Store}. Counters and distinct-contact structures are rolled up from the
 * events, incrementally, so no query reads the event or message log (except {@link topUnmatchedTexts}).
 * Reads reflect every event written before the call. Contacts deleted for privacy stay in the rollups.
 */
export interface AnalyticsStore {
  /** Sums counters over each range. Ranges are rounded down to 15-minute boundaries. */
  sumCounters(query: CounterQuery): Promise<CounterSum[]>;
  /** Counts distinct contacts of a population in each range, exactly. */
  countDistinct(query: DistinctQuery): Promise<DistinctCount[]>;
  /** Every distinct non-empty value of a dimension on the counters of `range` (matching `filter`), sorted. */
  dimensionValues(
    dimension: KpiDimension | 'step',
    range: TimeRange,
    filter: DimensionFilter,
  ): Promise<string[]>;
  /**
   * Logs a `conversion` event once per idempotency key; a reused key resolves to an error carrying the
   * event recorded first (and writes nothing). The event's `campaign` is replaced by the campaign of
   * the contact's latest `referral` at or before it, when there is one.
   * @throws ParleyError `store.not_found` when the contact does not exist.
   */
  recordConversion(
    event: LoggedEvent,
    idempotencyKey: string,
  ): Promise<Result<LoggedEvent, DuplicateConversion>>;
  /** Sets (replaces) the spend of a campaign on a day. */
  setSpend(entry: SpendEntry, now: number): Promise<void>;
  /** Spend entries, oldest day first. */
  listSpend(query: SpendQuery): Promise<SpendEntry[]>;
  /** The most frequent unmatched free-text messages in `range` (case-insensitive), most frequent first. */
  topUnmatchedTexts(range: TimeRange, limit: number): Promise<UnmatchedText[]>;
}
