import type { Contact, LoggedMessage } from '../core';
import { ParleyError } from '../core';
import type { Store } from '../store';
import { completeEvent } from './process-event';

/** What a human reply needs. */
export interface HumanReplyDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: () => string;
  /** How long the bot stays quiet after a human replied. */
  readonly handoffMs: number;
}

/**
 * Logs a human agent's reply to a contact (it counts for average response time once sent) and pauses
 * the bot for this contact (handover). Messenger/Instagram replies are `pending` until the outbound
 * worker delivers them; web replies are `sent` at once (the web client reads them from the history).
 */
export async function sendHumanReply(
  contact: Contact,
  reply: { text: string; agent: string },
  deps: HumanReplyDeps,
): Promise<LoggedMessage> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.now();
    const state = await deps.store.getConversation(contact.id, now);
    const status = contact.channel === 'web' ? 'sent' : 'pending';
    const row: LoggedMessage = {
      id: deps.newId(),
      contactId: contact.id,
      channel: contact.channel,
      direction: 'out',
      sender: 'human',
      kind: 'message',
      platformMessageId: null,
      text: reply.text,
      payload: null,
      message: { type: 'text', text: reply.text },
      nlu: null,
      flowId: null,
      stepId: null,
      status,
      error: null,
      at: now,
    };
    const until = now + deps.handoffMs;
    const events = [
      completeEvent(
        { type: 'handoff', data: { agent: reply.agent, until, via: 'api' } },
        contact,
        now,
        deps.newId,
      ),
      ...(status === 'sent'
        ? [
            completeEvent(
              { type: 'message_sent', data: { messageId: row.id, sender: 'human' } },
              contact,
              now,
              deps.newId,
            ),
          ]
        : []),
    ];
    const result = await deps.store.commitTurn({
      contactId: contact.id,
      contactPatch: {},
      conversation: { ...state, pausedUntil: until, updatedAt: now },
      expectedVersion: state.version,
      messages: [row],
      events,
      links: [],
    });
    if (result.ok) return row;
  }
  throw new ParleyError('store.conflict', 'The conversation kept changing; try again.');
}

/** Hands the conversation back to the bot (ends the handover pause). */
export async function resumeBot(contact: Contact, deps: Omit<HumanReplyDeps, 'handoffMs'>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.now();
    const state = await deps.store.getConversation(contact.id, now);
    const result = await deps.store.commitTurn({
      contactId: contact.id,
      contactPatch: {},
      conversation: { ...state, pausedUntil: null, updatedAt: now },
      expectedVersion: state.version,
      messages: [],
      events: [],
      links: [],
    });
    if (result.ok) return;
  }
  throw new ParleyError('store.conflict', 'The conversation kept changing; try again.');
}
