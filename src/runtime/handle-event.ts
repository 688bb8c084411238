import type {
  Attributes,
  Contact,
  ContactPatch,
  ConversationState,
  InboundEvent,
  NewEvent,
  NluResult,
  OutboundMessage,
} from '../core';
import type { AbandonReason, FlowContext, FlowInput, FlowMessage, FlowOutcome } from '../flows';
import { abandonFlow, findTrigger, runFlow } from '../flows';
import type { Bot } from './bot';
import { fallbackMessage } from './fallback';
import { parseIntentPayload } from './payloads';
import { pickAnswer, renderAnswer } from './render-answer';

/** What a turn needs besides the state and the event. Time and randomness are injected. */
export interface TurnDeps {
  readonly bot: Bot;
  readonly contact: Contact;
  readonly now: number;
  readonly random: () => number;
  /** How long a handoff to a human pauses the bot. */
  readonly handoffMs: number;
  /** How long a flow may wait for an answer before it is abandoned. */
  readonly flowTtlMs: number;
}

/** One message of a turn with where it came from (a flow step and A/B variant, or an intent answer). */
export interface OutboundItem {
  readonly message: OutboundMessage;
  readonly flowId: string | null;
  readonly stepId: string | null;
  readonly variant: string | null;
}

/** What one inbound event changes. Nothing is written: the caller commits it as one turn. */
export interface TurnOutcome {
  /** The new conversation state (its version is the store's business). */
  readonly state: ConversationState;
  readonly contactPatch: ContactPatch;
  readonly outbound: readonly OutboundItem[];
  readonly events: readonly NewEvent[];
  /** The NLU result when the message was NLU-evaluated (free text sent to the matcher), else null. */
  readonly nlu: NluResult | null;
}

interface Draft {
  state: ConversationState;
  contactPatch: ContactPatch;
  attributes: Attributes;
  outbound: OutboundItem[];
  events: NewEvent[];
  nlu: NluResult | null;
}

const ATTACHMENT_REPLY = 'Thanks for sharing! I can only read text for now — what can I help you with?';

/** Intents whose action ends the current flow. */
const FLOW_ENDING_ACTIONS: Readonly<Record<string, AbandonReason>> = {
  unsubscribe: 'stop',
  restart: 'restart',
  handoff: 'handoff',
};

const plain = (message: OutboundMessage): OutboundItem => ({
  message,
  flowId: null,
  stepId: null,
  variant: null,
});

/** The flow engine's view of a contact at `now` (interrupting a question needs a strong match). */
export function flowContextFor(
  bot: Bot,
  contact: Contact,
  attributes: Attributes,
  now: number,
  flowTtlMs: number,
): FlowContext {
  const threshold = bot.matcher.threshold;
  return {
    catalog: bot.flows,
    contact: {
      id: contact.id,
      ...(contact.profile.firstName ? { firstName: contact.profile.firstName } : {}),
      attributes,
    },
    now,
    ttlMs: flowTtlMs,
    // Interrupting a question needs more confidence than answering outside a flow.
    threshold: threshold + (1 - threshold) / 2,
    globalIntents: bot.globalIntents,
  };
}

function flowContext(draft: Draft, deps: TurnDeps): FlowContext {
  return flowContextFor(deps.bot, deps.contact, draft.attributes, deps.now, deps.flowTtlMs);
}

function sendFallback(
  draft: Draft,
  deps: TurnDeps,
  reason: string,
  data: Record<string, unknown> = {},
): void {
  draft.outbound.push(plain(fallbackMessage(deps.bot, draft.nlu)));
  draft.events.push({ type: 'fallback_sent', data: { reason, ...data } });
}

function applyAttributes(draft: Draft, patch: Record<string, string | number | boolean | null>): void {
  if (Object.keys(patch).length === 0) return;
  draft.contactPatch = { ...draft.contactPatch, attributes: { ...draft.contactPatch.attributes, ...patch } };
  const next: Attributes = { ...draft.attributes };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  draft.attributes = next;
}

function pushFlowMessages(draft: Draft, messages: readonly FlowMessage[]): void {
  for (const m of messages) draft.outbound.push(m);
}

/** Records what a flow turn did (events, position, attributes, messages, handoff). */
function applyFlowOutcome(draft: Draft, outcome: FlowOutcome, deps: TurnDeps): void {
  draft.events.push(...outcome.events);
  draft.state = { ...draft.state, flow: outcome.position };
  if (outcome.kind !== 'advanced') return;
  applyAttributes(draft, outcome.attributes);
  pushFlowMessages(draft, outcome.messages);
  if (outcome.handoff) pause(draft, deps, null);
}

function pause(draft: Draft, deps: TurnDeps, intent: string | null): void {
  const until = deps.now + deps.handoffMs;
  draft.state = { ...draft.state, pausedUntil: until };
  draft.events.push({ type: 'handoff', intent, data: { until } });
}

function runFlowInput(draft: Draft, input: FlowInput, deps: TurnDeps): FlowOutcome {
  return runFlow(draft.state.flow, input, flowContext(draft, deps));
}

function startFlow(draft: Draft, flowId: string, deps: TurnDeps, trigger: string, campaign?: string): void {
  const input: FlowInput = { kind: 'start', flowId, trigger, ...(campaign ? { campaign } : {}) };
  applyFlowOutcome(draft, runFlowInput(draft, input, deps), deps);
}

function applyAction(draft: Draft, intent: string, deps: TurnDeps): void {
  const action = deps.bot.intents.get(intent)?.action;
  const ending = action ? FLOW_ENDING_ACTIONS[action] : undefined;
  if (ending && draft.state.flow) {
    draft.events.push(abandonFlow(draft.state.flow, ending));
    draft.state = { ...draft.state, flow: null };
  }
  switch (action) {
    case 'unsubscribe':
      draft.contactPatch = { ...draft.contactPatch, subscribed: false };
      if (deps.contact.subscribed) draft.events.push({ type: 'unsubscribed', intent, data: {} });
      return;
    case 'subscribe':
      draft.contactPatch = { ...draft.contactPatch, subscribed: true };
      if (!deps.contact.subscribed) draft.events.push({ type: 'subscribed', intent, data: {} });
      return;
    case 'restart':
      draft.state = { ...draft.state, pausedUntil: null };
      return;
    case 'handoff':
      pause(draft, deps, intent);
      return;
    case 'help':
    case undefined:
      return;
  }
}

/**
 * Answers `intent`: its global action, one of its answers, then the flow it starts (its `flow` field or
 * a flow triggered by it). An intent with neither answer nor flow gets the fallback.
 */
function answerIntent(
  draft: Draft,
  intent: string,
  deps: TurnDeps,
  options: { startFlow: boolean } = { startFlow: true },
): void {
  const def = deps.bot.intents.get(intent);
  if (!def) return sendFallback(draft, deps, 'unknown_intent', { intent });
  draft.state = { ...draft.state, lastIntent: intent };
  applyAction(draft, intent, deps);
  const answer = pickAnswer(def.answers ?? [], deps.random);
  const values = { ...draft.attributes, first_name: deps.contact.profile.firstName ?? '' };
  if (answer !== undefined) draft.outbound.push(plain(renderAnswer(answer, values)));
  const flowId =
    def.action || !options.startFlow
      ? undefined
      : (def.flow ?? findTrigger(deps.bot.flows, { intent })?.flowId);
  if (flowId) return startFlow(draft, flowId, deps, `intent:${intent}`);
  if (answer === undefined) sendFallback(draft, deps, 'no_answer', { intent });
}

function recordNlu(draft: Draft, nlu: NluResult): void {
  draft.nlu = nlu;
  draft.events.push({
    type: 'nlu_evaluated',
    intent: nlu.intent,
    value: nlu.score,
    data: { matched: nlu.matched, modelVersion: nlu.modelVersion },
  });
}

/** Free text while a flow waits for an answer; true when the flow took care of it. */
function textInFlow(draft: Draft, text: string, nlu: NluResult, deps: TurnDeps): boolean {
  const outcome = runFlowInput(draft, { kind: 'text', text, nlu }, deps);
  if (outcome.kind === 'not_for_flow') {
    applyFlowOutcome(draft, outcome, deps);
    return false;
  }
  if (outcome.kind === 'advanced') {
    // The text answered the question: not an NLU-evaluated message (kpis.md).
    applyFlowOutcome(draft, outcome, deps);
    return true;
  }
  draft.events.push(...outcome.events);
  draft.state = { ...draft.state, flow: outcome.position };
  recordNlu(draft, nlu);
  // A detour: answer the intent (never start its flow over this one), then ask the question again.
  answerIntent(draft, outcome.intent, deps, { startFlow: false });
  // Ask the question again unless the intent ended the flow (stop, restart, handoff).
  const current = draft.state.flow;
  if (current && current.flowId === outcome.position?.flowId && current.stepId === outcome.position.stepId) {
    pushFlowMessages(draft, outcome.resume);
  }
  return true;
}

async function handleText(draft: Draft, text: string, deps: TurnDeps): Promise<void> {
  const nlu = await deps.bot.matcher.match(text);
  if (isPaused(draft, deps)) {
    // A human has the conversation: the bot stays quiet except for an opt-out, which must work at once.
    const action = nlu.intent ? deps.bot.intents.get(nlu.intent)?.action : undefined;
    if (nlu.matched && nlu.intent && action === 'unsubscribe') answerIntent(draft, nlu.intent, deps);
    return;
  }
  if (draft.state.flow && textInFlow(draft, text, nlu, deps)) return;
  const keyword = nlu.matched ? null : findTrigger(deps.bot.flows, { text });
  if (keyword) return startFlow(draft, keyword.flowId, deps, `keyword:${keyword.value}`);
  recordNlu(draft, nlu);
  if (nlu.matched && nlu.intent) return answerIntent(draft, nlu.intent, deps);
  sendFallback(draft, deps, 'unmatched');
}

function isPaused(draft: Draft, deps: TurnDeps): boolean {
  return draft.state.pausedUntil !== null && draft.state.pausedUntil > deps.now;
}

function handlePayload(draft: Draft, payload: string, text: string | undefined, deps: TurnDeps): void {
  if (isPaused(draft, deps)) {
    // While a human has the conversation only opt-out/opt-in and restart chips still act.
    const intent = parseIntentPayload(payload);
    const action = intent ? deps.bot.intents.get(intent)?.action : undefined;
    if (intent && (action === 'unsubscribe' || action === 'subscribe' || action === 'restart')) {
      answerIntent(draft, intent, deps);
    }
    return;
  }
  const outcome = runFlowInput(draft, { kind: 'payload', payload, ...(text ? { text } : {}) }, deps);
  applyFlowOutcome(draft, outcome, deps);
  if (outcome.kind !== 'not_for_flow') return;
  const intent = parseIntentPayload(payload);
  if (intent && deps.bot.intents.has(intent)) return answerIntent(draft, intent, deps);
  const trigger = findTrigger(deps.bot.flows, { payload });
  if (trigger) return startFlow(draft, trigger.flowId, deps, `payload:${payload}`);
  sendFallback(draft, deps, 'unknown_payload', { payload });
}

function handleReferral(
  draft: Draft,
  event: Extract<InboundEvent, { type: 'referral' }>,
  deps: TurnDeps,
): void {
  const { ref, adId } = event.referral;
  const campaign = ref ?? adId;
  draft.events.push({ type: 'referral', campaign: campaign ?? null, data: { ...event.referral } });
  const trigger = findTrigger(deps.bot.flows, { ...(ref ? { ref } : {}), ...(adId ? { adId } : {}) });
  if (trigger) startFlow(draft, trigger.flowId, deps, `${trigger.via}:${trigger.value}`, campaign);
}

/**
 * Decides the bot's reaction to one inbound event: `(state, event) → (state', outbound[], events[])`.
 * Inside a flow, free text is first the answer to the waiting question (global intents and strong
 * other intents interrupt it; the question is asked again after). Outside: a flow keyword, else the
 * matched intent's answer (and the flow it starts), else the fallback with suggestions. Payloads route
 * to the flow step that emitted them, an `INTENT:` chip, or a flow trigger. Global intents also change
 * the contact (unsubscribe) or the state (restart, handoff). No I/O besides asking the bot's matcher.
 */
export async function handleEvent(
  state: ConversationState,
  event: InboundEvent,
  deps: TurnDeps,
): Promise<TurnOutcome> {
  const draft: Draft = {
    state: { ...state, updatedAt: deps.now },
    contactPatch: {},
    attributes: deps.contact.attributes,
    outbound: [],
    events: [],
    nlu: null,
  };
  if (event.type !== 'referral') {
    draft.contactPatch = { lastInboundAt: event.timestamp };
    draft.events.push({ type: 'message_received', data: { kind: event.type } });
  }
  switch (event.type) {
    case 'text':
      await handleText(draft, event.text, deps);
      break;
    case 'quick_reply':
      handlePayload(draft, event.payload, event.text, deps);
      break;
    case 'postback':
      handlePayload(draft, event.payload, event.title, deps);
      break;
    case 'attachment':
      draft.outbound.push(plain(fallbackMessage(deps.bot, null, ATTACHMENT_REPLY)));
      break;
    case 'referral':
      handleReferral(draft, event, deps);
      break;
  }
  return draft;
}
