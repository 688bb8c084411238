import { DERIVED_METRICS, responseBinMetric, responseTimeBin } from '../analytics-store';
import { presenceKeysOf } from './presence-keys';

/** An event as the rollups read it: its columns plus the two `data` fields that matter. */
export interface RollupEvent {
  readonly type: string;
  readonly at: number;
  readonly contactId: string;
  readonly channel: string;
  readonly flow: string | null;
  readonly step: string | null;
  readonly intent: string | null;
  /** For conversions: the attributed campaign (see `AnalyticsStore.recordConversion`). */
  readonly campaign: string | null;
  readonly variant: string | null;
  readonly list: string | null;
  readonly value: number | null;
  /** `data.kind` of `message_received`. */
  readonly kind: string | null;
  /** `data.matched` of `nlu_evaluated`. */
  readonly matched: boolean | null;
}

/** The dimension columns of a counter ('' = none). */
export interface CounterDims {
  readonly channel: string;
  readonly flow: string;
  readonly step: string;
  readonly intent: string;
  readonly campaign: string;
  readonly variant: string;
  readonly list: string;
}

/** One increment of a counter in the buckets holding `at`. */
export interface CounterDelta {
  readonly metric: string;
  readonly at: number;
  readonly dims: CounterDims;
  readonly n: number;
  readonly total: number;
}

/** "This contact belongs to `key` in the quarter holding `at`." */
export interface PresenceMark {
  readonly key: string;
  readonly at: number;
}

/** What the rollups remember per contact between events. */
export interface ContactRollupState {
  /** Inbound messages not answered yet: [epoch ms, channel], oldest first. */
  pending: [number, string][];
  /** The latest inbound free text was not understood (unmatched, or refused by a capture). */
  unmatched: boolean;
}

/** The initial {@link ContactRollupState}. */
export const emptyContactState = (): ContactRollupState => ({ pending: [], unmatched: false });

const INBOUND_KINDS = new Set(['text', 'attachment', 'quick_reply']);
const TAP_KINDS = new Set(['quick_reply', 'postback']);

function dimsOf(e: RollupEvent): CounterDims {
  return {
    channel: e.channel,
    flow: e.flow ?? '',
    step: e.step ?? '',
    intent: e.intent ?? '',
    campaign: e.campaign ?? '',
    variant: e.variant ?? '',
    list: e.list ?? '',
  };
}

const channelOnly = (channel: string): CounterDims => ({
  channel,
  flow: '',
  step: '',
  intent: '',
  campaign: '',
  variant: '',
  list: '',
});

/** Receives the counter increments of an event, without allocating a delta per increment. */
export type CounterSink = (metric: string, at: number, dims: CounterDims, n: number, total: number) => void;

/** Receives answered inbound messages by histogram bin, at the inbound's time and channel. */
export type BinSink = (bin: number, at: number, channel: string) => void;

/** What kind of presence an event marks its contact with (see {@link presenceKeysOf}). */
export interface PresenceFlags {
  readonly interaction: boolean;
  readonly click: boolean;
  /** The step reached (`step_reached` only). */
  readonly step: string | null;
}

const channelDims = new Map<string, CounterDims>();
const channelOnlyCached = (channel: string): CounterDims => {
  let dims = channelDims.get(channel);
  if (dims === undefined) {
    dims = Object.freeze(channelOnly(channel));
    channelDims.set(channel, dims);
  }
  return dims;
};

/** Answers every pending inbound message up to `e.at`: their response times, at their own times. */
function answer(e: RollupEvent, state: ContactRollupState, sink: CounterSink, bins?: BinSink): void {
  if (state.pending.length === 0) return;
  const still: [number, string][] = [];
  for (const [at, channel] of state.pending) {
    if (at > e.at) {
      still.push([at, channel]);
      continue;
    }
    const ms = e.at - at;
    const dims = channelOnlyCached(channel);
    sink(DERIVED_METRICS.responseTime, at, dims, 1, ms / 1000);
    if (bins) bins(responseTimeBin(ms), at, channel);
    else sink(responseBinMetric(responseTimeBin(ms)), at, dims, 1, 0);
  }
  state.pending = still;
}

/** Updates the "last free text not understood" flag; returns its value before the event. */
function trackUnderstanding(e: RollupEvent, state: ContactRollupState): boolean {
  const before = state.unmatched;
  if (e.type === 'nlu_evaluated') state.unmatched = e.matched !== true;
  else if (e.type === 'validation_failed') state.unmatched = true;
  else if (e.type === 'attribute_captured' || e.type === 'step_reached' || e.type === 'flow_abandoned')
    state.unmatched = false;
  else if (e.type === 'message_received' && TAP_KINDS.has(e.kind ?? '')) state.unmatched = false;
  return before;
}

/**
 * The rollup increments of one event, given (and updating) its contact's state, passed to `sink`: the
 * event's own counter, the derived counters of the KPI definitions, and response times paired at
 * rollup time (a sent message answers every earlier unanswered inbound message of the contact).
 * Response-time bins go to `bins` when given, else to `sink` as `response_bin:<n>` counters. Returns
 * what presence the event marks (turned into keys by {@link presenceKeysOf}).
 */
export function rollupEventInto(
  e: RollupEvent,
  state: ContactRollupState,
  sink: CounterSink,
  dims: CounterDims = dimsOf(e),
  bins?: BinSink,
): PresenceFlags {
  sink(e.type, e.at, dims, 1, e.value ?? 0);
  const wasUnmatched = trackUnderstanding(e, state);
  const interaction = e.type === 'message_received' || e.type === 'link_clicked';
  if (interaction) sink(DERIVED_METRICS.interaction, e.at, dims, 1, 0);
  if (e.type === 'message_received' && INBOUND_KINDS.has(e.kind ?? '')) {
    sink(DERIVED_METRICS.inbound, e.at, dims, 1, 0);
    state.pending.push([e.at, e.channel]);
  }
  if (e.type === 'nlu_evaluated' && e.matched === true)
    sink(DERIVED_METRICS.nluMatched, e.at, dims, 1, e.value ?? 0);
  if (e.type === 'message_sent') {
    if (e.list !== null) sink(DERIVED_METRICS.listSent, e.at, dims, 1, 0);
    answer(e, state, sink, bins);
  }
  if (e.type === 'flow_abandoned' && wasUnmatched)
    sink(DERIVED_METRICS.abandonedAfterUnmatched, e.at, dims, 1, 0);
  return { interaction, click: e.type === 'link_clicked', step: e.type === 'step_reached' ? e.step : null };
}

/**
 * The rollup increments of one event, given (and updating) its contact's state: the event's own
 * counter, the derived counters of the KPI definitions, response times paired at write time (a sent
 * message answers every earlier unanswered inbound message of the contact), and presence marks.
 */
export function rollupEvent(
  e: RollupEvent,
  state: ContactRollupState,
): { counters: CounterDelta[]; presence: PresenceMark[] } {
  const counters: CounterDelta[] = [];
  const flags = rollupEventInto(e, state, (metric, at, dims, n, total) =>
    counters.push({ metric, at, dims, n, total }),
  );
  const keys = presenceKeysOf(e, flags);
  return { counters, presence: keys.map((key) => ({ key, at: e.at })) };
}
