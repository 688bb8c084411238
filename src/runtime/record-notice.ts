import type { Contact, LoggedEvent, LoggedMessage, PlatformNotice } from '../core';
import type { Store } from '../store';
import { completeEvent } from './process-event';

/** What recording a notice needs. */
export interface NoticeDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: () => string;
  /** How long a human reply from the page inbox pauses the bot. */
  readonly handoffMs: number;
}

function event(
  type: LoggedEvent['type'],
  contact: Contact,
  at: number,
  newId: () => string,
  data: Record<string, unknown>,
): LoggedEvent {
  return completeEvent({ type, data }, contact, at, newId);
}

function row(
  contact: Contact,
  over: Partial<LoggedMessage> & Pick<LoggedMessage, 'direction' | 'sender' | 'kind' | 'at'>,
): LoggedMessage {
  return {
    id: '',
    contactId: contact.id,
    channel: contact.channel,
    platformMessageId: null,
    text: null,
    payload: null,
    message: null,
    nlu: null,
    flowId: null,
    stepId: null,
    status: 'received',
    error: null,
    ...over,
  };
}

/** Writes messages, events and state changes of a notice as one turn (retrying a concurrent update). */
async function commit(
  deps: NoticeDeps,
  contact: Contact,
  change: {
    messages: LoggedMessage[];
    events: LoggedEvent[];
    pauseUntil?: number;
    patch?: { subscribed: boolean };
  },
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await deps.store.getConversation(contact.id, deps.now());
    const result = await deps.store.commitTurn({
      contactId: contact.id,
      contactPatch: change.patch ?? {},
      conversation: change.pauseUntil === undefined ? state : { ...state, pausedUntil: change.pauseUntil },
      expectedVersion: state.version,
      messages: change.messages,
      events: change.events,
      links: [],
    });
    if (result.ok || result.error.code === 'duplicate') return;
  }
}

/**
 * Records what the platform told us that is not user input. A human's reply from the page inbox is
 * logged as a human outbound message (it counts for response time) and pauses the bot; a user message
 * on standby is logged without an answer; a Marketing Messages stop/resume changes the subscription;
 * receipts, reactions, edits, deletions and handover changes become `platform_notice` events. Echoes of
 * the bot's own sends are ignored (they are logged when sent).
 */
export async function recordNotice(notice: PlatformNotice, deps: NoticeDeps): Promise<void> {
  if (notice.type === 'echo' && !notice.fromHumanAgent) return;
  const contact = await deps.store.ensureContact(
    { channel: notice.channel, externalId: notice.contactId },
    {},
    notice.timestamp,
  );
  const at = notice.timestamp;
  switch (notice.type) {
    case 'echo': {
      const message = row(contact, {
        id: deps.newId(),
        direction: 'out',
        sender: 'human',
        kind: 'message',
        platformMessageId: notice.messageId,
        text: notice.text ?? null,
        status: 'sent',
        at,
      });
      const sent = event('message_sent', contact, at, deps.newId, { messageId: message.id, sender: 'human' });
      return commit(deps, contact, {
        messages: [message],
        events: [sent],
        pauseUntil: deps.now() + deps.handoffMs,
      });
    }
    case 'standby': {
      const inbound = notice.event;
      const text = 'text' in inbound ? (inbound.text ?? null) : null;
      const message = row(contact, {
        id: deps.newId(),
        direction: 'in',
        sender: 'user',
        kind: inbound.type,
        platformMessageId: inbound.messageId,
        text,
        at: inbound.timestamp,
      });
      const received = event('message_received', contact, inbound.timestamp, deps.newId, {
        kind: inbound.type,
        standby: true,
      });
      return commit(deps, contact, { messages: [message], events: [received] });
    }
    case 'optin': {
      const status = notice.status?.toUpperCase();
      const events = [event('platform_notice', contact, at, deps.newId, { notice: notice.type, ...notice })];
      if (status === 'STOP NOTIFICATIONS' && contact.subscribed) {
        events.push(event('unsubscribed', contact, at, deps.newId, { via: 'optin' }));
        return commit(deps, contact, { messages: [], events, patch: { subscribed: false } });
      }
      if (status === 'RESUME NOTIFICATIONS' && !contact.subscribed) {
        events.push(event('subscribed', contact, at, deps.newId, { via: 'optin' }));
        return commit(deps, contact, { messages: [], events, patch: { subscribed: true } });
      }
      return deps.store.appendEvents(events);
    }
    default:
      return deps.store.appendEvents([
        event('platform_notice', contact, at, deps.newId, { ...notice, notice: notice.type }),
      ]);
  }
}
