import type { Contact, ContactPatch, ConversationState, NewEvent } from '../core';
import { runFlow } from '../flows';
import type { Bot } from './bot';
import type { OutboundItem } from './handle-event';
import { flowContextFor } from './handle-event';

/** What starting a flow for a contact (without a message from them) changes. */
export interface FlowStartTurn {
  readonly state: ConversationState;
  readonly contactPatch: ContactPatch;
  readonly outbound: readonly OutboundItem[];
  readonly events: readonly NewEvent[];
}

/**
 * Starts `flowId` for a contact who did not write (a broadcast): runs it to its first question and
 * returns what the turn changes. A flow the contact was in is abandoned (`replaced`). Null when the flow
 * does not exist.
 */
export function startFlowTurn(
  bot: Bot,
  contact: Contact,
  state: ConversationState,
  flowId: string,
  now: number,
  flowTtlMs: number,
  trigger: string,
): FlowStartTurn | null {
  if (!bot.flows.flows.has(flowId)) return null;
  const outcome = runFlow(
    state.flow,
    { kind: 'start', flowId, trigger },
    flowContextFor(bot, contact, contact.attributes, now, flowTtlMs),
  );
  if (outcome.kind !== 'advanced') return null;
  return {
    state: { ...state, flow: outcome.position, updatedAt: now },
    contactPatch: Object.keys(outcome.attributes).length > 0 ? { attributes: outcome.attributes } : {},
    outbound: outcome.messages,
    events: outcome.events,
  };
}
