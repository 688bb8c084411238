import type {
  Contact,
  ContactPatch,
  ConversationState,
  InboundEvent,
  NewEvent,
  NluResult,
  OutboundMessage,
} from '../core';
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
}

/** What one inbound event changes. Nothing is written: the caller commits it as one turn. */
export interface TurnOutcome {
  /** The new conversation state (its version is the store's business). */
  readonly state: ConversationState;
  readonly contactPatch: ContactPatch;
  readonly outbound: readonly OutboundMessage[];
  readonly events: readonly NewEvent[];
  /** The NLU result when the message was NLU-evaluated (free text sent to the matcher), else null. */
  readonly nlu: NluResult | null;
}

interface Draft {
  state: ConversationState;
  contactPatch: ContactPatch;
  outbound: OutboundMessage[];
  events: NewEvent[];
  nlu: NluResult | null;
}

const ATTACHMENT_REPLY = 'Thanks for sharing! I can only read text for now — what can I help you with?';

function placeholderValues(contact: Contact): Record<string, unknown> {
  return { ...contact.attributes, first_name: contact.profile.firstName ?? '' };
}

function answerIntent(draft: Draft, intent: string, deps: TurnDeps): void {
  const def = deps.bot.intents.get(intent);
  if (!def) {
    draft.outbound.push(fallbackMessage(deps.bot, draft.nlu));
    draft.events.push({ type: 'fallback_sent', data: { reason: 'unknown_intent', intent } });
    return;
  }
  draft.state = { ...draft.state, lastIntent: intent };
  applyAction(draft, intent, deps);
  const answer = pickAnswer(def.answers ?? [], deps.random);
  if (answer === undefined) {
    draft.outbound.push(fallbackMessage(deps.bot, draft.nlu));
    draft.events.push({ type: 'fallback_sent', intent, data: { reason: 'no_answer' } });
    return;
  }
  draft.outbound.push(renderAnswer(answer, placeholderValues(deps.contact)));
}

function applyAction(draft: Draft, intent: string, deps: TurnDeps): void {
  const action = deps.bot.intents.get(intent)?.action;
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
      draft.state = { ...draft.state, flow: null, pausedUntil: null };
      return;
    case 'handoff':
      draft.state = { ...draft.state, pausedUntil: deps.now + deps.handoffMs };
      draft.events.push({ type: 'handoff', intent, data: { until: deps.now + deps.handoffMs } });
      return;
    case 'help':
    case undefined:
      return;
  }
}

async function handleText(draft: Draft, text: string, deps: TurnDeps): Promise<void> {
  const nlu = await deps.bot.matcher.match(text);
  const paused = draft.state.pausedUntil !== null && draft.state.pausedUntil > deps.now;
  if (paused) {
    // A human has the conversation: the bot stays quiet except for an opt-out, which must work at once.
    const action = nlu.intent ? deps.bot.intents.get(nlu.intent)?.action : undefined;
    if (nlu.matched && nlu.intent && action === 'unsubscribe') answerIntent(draft, nlu.intent, deps);
    return;
  }
  draft.nlu = nlu;
  draft.events.push({
    type: 'nlu_evaluated',
    intent: nlu.intent,
    value: nlu.score,
    data: { matched: nlu.matched, modelVersion: nlu.modelVersion },
  });
  if (nlu.matched && nlu.intent) {
    answerIntent(draft, nlu.intent, deps);
    return;
  }
  draft.outbound.push(fallbackMessage(deps.bot, nlu));
  draft.events.push({ type: 'fallback_sent', data: { reason: 'unmatched' } });
}

function handlePayload(draft: Draft, payload: string, deps: TurnDeps): void {
  const intent = parseIntentPayload(payload);
  if (intent && deps.bot.intents.has(intent)) {
    answerIntent(draft, intent, deps);
    return;
  }
  draft.outbound.push(fallbackMessage(deps.bot, null));
  draft.events.push({ type: 'fallback_sent', data: { reason: 'unknown_payload', payload } });
}

/**
 * Decides the bot's reaction to one inbound event: `(state, event) → (state', outbound[], events[])`.
 * Matched intent → one of its answers (variant picked at random); unmatched → the fallback with
 * suggestions; global intents (unsubscribe, subscribe, help, restart, handoff) also change the
 * contact or the state. Performs no I/O besides asking the bot's matcher.
 */
export async function handleEvent(
  state: ConversationState,
  event: InboundEvent,
  deps: TurnDeps,
): Promise<TurnOutcome> {
  const draft: Draft = {
    state: { ...state, updatedAt: deps.now },
    contactPatch: {},
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
    case 'postback':
      handlePayload(draft, event.payload, deps);
      break;
    case 'attachment':
      draft.outbound.push(fallbackMessage(deps.bot, null, ATTACHMENT_REPLY));
      break;
    case 'referral':
      draft.events.push({
        type: 'referral',
        campaign: event.referral.ref ?? event.referral.adId ?? null,
        data: { ...event.referral },
      });
      break;
  }
  return draft;
}
