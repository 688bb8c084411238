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

/** Answers every pending inbound message up to `e.at`: their response times, at their own times. */
function answer(e: RollupEvent, state: ContactRollupState, out: CounterDelta[]): void {
  const still: [number, string][] = [];
  for (const [at, channel] of state.pending) {
    if (at > e.at) {
      still.push([at, channel]);
      continue;
    }
    const ms = e.at - at;
    const dims = channelOnly(channel);
    out.push({ metric: DERIVED_METRICS.responseTime, at, dims, n: 1, total: ms / 1000 });
    out.push({ metric: responseBinMetric(responseTimeBin(ms)), at, dims, n: 1, total: 0 });
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
 * The rollup increments of one event, given (and updating) its contact's state: the event's own
 * counter, the derived counters of the KPI definitions, response times paired at write time (a sent
 * message answers every earlier unanswered inbound message of the contact), and presence marks.
 */
export function rollupEvent(
  e: RollupEvent,
  state: ContactRollupState,
): { counters: CounterDelta[]; presence: PresenceMark[] } {
  const dims = dimsOf(e);
  const counters: CounterDelta[] = [{ metric: e.type, at: e.at, dims, n: 1, total: e.value ?? 0 }];
  const add = (metric: string, total = 0) => counters.push({ metric, at: e.at, dims, n: 1, total });
  const wasUnmatched = trackUnderstanding(e, state);
  const interaction = e.type === 'message_received' || e.type === 'link_clicked';
  if (interaction) add(DERIVED_METRICS.interaction);
  if (e.type === 'message_received' && INBOUND_KINDS.has(e.kind ?? '')) {
    add(DERIVED_METRICS.inbound);
    state.pending.push([e.at, e.channel]);
  }
  if (e.type === 'nlu_evaluated' && e.matched === true) add(DERIVED_METRICS.nluMatched, e.value ?? 0);
  if (e.type === 'message_sent') {
    if (e.list !== null) add(DERIVED_METRICS.listSent);
    answer(e, state, counters);
  }
  if (e.type === 'flow_abandoned' && wasUnmatched) add(DERIVED_METRICS.abandonedAfterUnmatched);
  const keys = presenceKeysOf(e, {
    interaction,
    click: e.type === 'link_clicked',
    step: e.type === 'step_reached' ? e.step : null,
  });
  return { counters, presence: keys.map((key) => ({ key, at: e.at })) };
}
