import { randomUUID } from 'node:crypto';
import type {
  Channel,
  ConversationState,
  LoggedEvent,
  LoggedMessage,
  NluResult,
  TrackedLink,
} from '../../src/core';
import type { Turn } from '../../src/store';
import { completeEvent } from '../../src/runtime';

/** A fixed clock for the contract suite: every time is an offset from it. */
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

/** An NLU result; `matched` follows the score against 0.5 unless overridden. */
export function nlu(intent: string | null, score: number, overrides: Partial<NluResult> = {}): NluResult {
  return {
    intent: score >= 0.5 ? intent : null,
    score,
    matched: score >= 0.5,
    candidates: intent === null ? [] : [{ intent, score }],
    modelVersion: 'model-1',
    ...overrides,
  };
}

/** An inbound text message from a contact. */
export function inbound(contactId: string, overrides: Partial<LoggedMessage> = {}): LoggedMessage {
  return {
    id: randomUUID(),
    contactId,
    channel: 'messenger',
    direction: 'in',
    sender: 'user',
    kind: 'text',
    platformMessageId: `mid.${randomUUID()}`,
    text: 'hello there',
    payload: null,
    message: null,
    nlu: null,
    flowId: null,
    stepId: null,
    status: 'received',
    error: null,
    at: T0,
    ...overrides,
  };
}

/** An outbound bot message to a contact (not yet sent, so no platform id). */
export function outbound(contactId: string, overrides: Partial<LoggedMessage> = {}): LoggedMessage {
  return {
    ...inbound(contactId),
    direction: 'out',
    sender: 'bot',
    kind: 'message',
    platformMessageId: null,
    text: null,
    message: {
      type: 'text',
      text: 'Hi! How can I help?',
      quickReplies: [{ title: 'Prices', payload: 'PRICES' }],
    },
    status: 'pending',
    ...overrides,
  };
}

/** A logged event with every dimension unset. */
export function event(contactId: string, overrides: Partial<LoggedEvent> = {}): LoggedEvent {
  const { id, type = 'message_received', at = T0, channel = 'messenger', ...rest } = overrides;
  return {
    ...completeEvent({ ...rest, type }, { id: contactId, channel }, at, randomUUID),
    ...(id ? { id } : {}),
  };
}

/** A tracked link for a contact. */
export function link(
  contactId: string,
  channel: Channel = 'messenger',
  overrides: Partial<TrackedLink> = {},
): TrackedLink {
  return {
    token: randomUUID().replaceAll('-', ''),
    url: 'https://shop.example.com/spring?color=red',
    contactId,
    channel,
    flowId: 'spring-sale',
    stepId: 'offer',
    variant: 'B',
    campaign: 'ad-42',
    createdAt: T0,
    ...overrides,
  };
}

/** A conversation state for a contact (the store sets `version`). */
export function conversation(
  contactId: string,
  overrides: Partial<ConversationState> = {},
): ConversationState {
  return {
    contactId,
    flow: { flowId: 'spring-sale', stepId: 'ask-size', retries: 1, startedAt: T0 - 1000, updatedAt: T0 },
    pausedUntil: null,
    lastIntent: 'prices',
    updatedAt: T0,
    version: 0,
    ...overrides,
  };
}

/** A turn with nothing in it but the state, to be spread with what a test needs. */
export function turn(contactId: string, expectedVersion: number, overrides: Partial<Turn> = {}): Turn {
  return {
    contactId,
    contactPatch: {},
    conversation: conversation(contactId),
    expectedVersion,
    messages: [],
    events: [],
    links: [],
    ...overrides,
  };
}
