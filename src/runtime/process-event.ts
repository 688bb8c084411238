import type {
  Contact,
  InboundEvent,
  LoggedEvent,
  LoggedMessage,
  NewEvent,
  NluResult,
  OutboundMessage,
  TrackedLink,
} from '../core';
import { ParleyError } from '../core';
import type { Store, Turn } from '../store';
import type { Bot, BotSource } from './bot';
import type { OutboundItem } from './handle-event';
import { handleEvent } from './handle-event';
import { trackLinks } from './track-links';

/** What {@link processEvent} needs. */
export interface ProcessDeps {
  readonly store: Store;
  readonly bot: BotSource;
  readonly now: () => number;
  readonly newId: () => string;
  readonly random: () => number;
  readonly handoffMs: number;
  readonly flowTtlMs: number;
  /** Base URL of tracked links (`<publicUrl>/r/<token>`). */
  readonly publicUrl: string;
  /** An unguessable token for a tracked link. */
  readonly newToken: () => string;
  /**
   * `sent` when the channel delivers synchronously (web: the reply is in the HTTP response), `pending`
   * when a sender will deliver later and record the outcome.
   */
  readonly outboundStatus: 'sent' | 'pending';
}

/** What one caller adds to {@link processEvent}. */
export interface ProcessCall {
  /** The contact as the caller just read it: the first attempt uses it instead of reading it again. */
  readonly contact?: Contact;
  /**
   * Rows written atomically with the turn, given its outbound rows (each with its message) and the
   * contact: a transactional outbox that queues the replies exactly when the turn commits.
   */
  readonly outbox?: (
    outbound: readonly LoggedMessage[],
    contact: Contact,
  ) => Pick<Turn, 'jobs' | 'completesJob'>;
}

/** The result of processing one inbound event. */
export type ProcessResult =
  | {
      readonly status: 'processed';
      readonly contact: Contact;
      readonly outbound: readonly OutboundMessage[];
      readonly messageIds: readonly string[];
      readonly nlu: NluResult | null;
    }
  | { readonly status: 'duplicate'; readonly messageId: string };

/** Conflicts mean another worker handled an event of this contact meanwhile: re-read and redo. */
const MAX_ATTEMPTS = 5;

/** Fills in an event's id, time, contact and channel, and unset dimensions as null. */
export function completeEvent(
  e: NewEvent,
  contact: Pick<Contact, 'id' | 'channel'>,
  at: number,
  newId: () => string,
): LoggedEvent {
  return {
    id: newId(),
    type: e.type,
    at: e.at ?? at,
    contactId: contact.id,
    channel: contact.channel,
    flowId: e.flowId ?? null,
    stepId: e.stepId ?? null,
    intent: e.intent ?? null,
    campaign: e.campaign ?? null,
    variant: e.variant ?? null,
    list: e.list ?? null,
    value: e.value ?? null,
    data: e.data ?? {},
  };
}

function inboundRow(event: InboundEvent, contact: Contact, nlu: NluResult | null, id: string): LoggedMessage {
  const text = event.type === 'referral' ? null : (('text' in event ? event.text : undefined) ?? null);
  const payload = event.type === 'quick_reply' || event.type === 'postback' ? event.payload : null;
  return {
    id,
    contactId: contact.id,
    channel: event.channel,
    direction: 'in',
    sender: 'user',
    kind: event.type,
    platformMessageId: event.messageId,
    text,
    payload,
    message: null,
    nlu,
    flowId: null,
    stepId: null,
    status: 'received',
    error: null,
    at: event.timestamp,
  };
}

function outboundRow(
  item: OutboundItem,
  contact: Contact,
  at: number,
  id: string,
  status: 'sent' | 'pending',
): LoggedMessage {
  const { message } = item;
  return {
    id,
    contactId: contact.id,
    channel: contact.channel,
    direction: 'out',
    sender: 'bot',
    kind: 'message',
    platformMessageId: null,
    text: 'text' in message ? message.text : null,
    payload: null,
    message,
    nlu: null,
    flowId: item.flowId,
    stepId: item.stepId,
    status,
    error: null,
    at,
  };
}

/** What {@link prepareOutbound} needs. */
export type PrepareDeps = Pick<ProcessDeps, 'newId' | 'newToken' | 'publicUrl'>;

/**
 * Turns a turn's outbound items into log rows (with `status`), replacing every URL with a tracked link
 * (campaign: the flow's configured campaign). The rows and links are written with the turn.
 */
export function prepareOutbound(
  items: readonly OutboundItem[],
  contact: Contact,
  bot: Bot,
  now: number,
  deps: PrepareDeps,
  status: 'sent' | 'pending',
): { rows: LoggedMessage[]; links: TrackedLink[] } {
  const links: TrackedLink[] = [];
  const rows = items.map((item) => {
    const tracked = trackLinks(item.message, item, {
      contactId: contact.id,
      channel: contact.channel,
      campaign: (item.flowId && bot.flows.flows.get(item.flowId)?.definition.campaign) || null,
      publicUrl: deps.publicUrl,
      newToken: deps.newToken,
      now,
    });
    links.push(...tracked.links);
    return outboundRow({ ...item, message: tracked.message }, contact, now, deps.newId(), status);
  });
  return { rows, links };
}

/**
 * Handles one inbound event end to end against the store: dedupe by platform message id, load the
 * contact and its state, decide with {@link handleEvent}, and commit everything (contact, state,
 * inbound and outbound log rows, events, and the caller's outbox) as one atomic turn. Retries on a
 * concurrent update.
 * @throws ParleyError `nlu.not_ready` when no bot is loaded yet; `store.conflict` after repeated conflicts.
 */
export async function processEvent(
  event: InboundEvent,
  deps: ProcessDeps,
  call: ProcessCall = {},
): Promise<ProcessResult> {
  if (await deps.store.hasMessage(event.channel, event.messageId)) {
    return { status: 'duplicate', messageId: event.messageId };
  }
  const bot = deps.bot.current();
  if (!bot) throw new ParleyError('nlu.not_ready', 'The bot is still loading; try again in a moment.');
  const key = { channel: event.channel, externalId: event.contactId };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = deps.now();
    const known = attempt === 1 ? call.contact : undefined;
    const contact = known ?? (await deps.store.ensureContact(key, {}, now));
    const state = await deps.store.getConversation(contact.id, now);
    const outcome = await handleEvent(state, event, {
      bot,
      contact,
      now,
      random: deps.random,
      handoffMs: deps.handoffMs,
      flowTtlMs: deps.flowTtlMs,
    });
    const prepared = prepareOutbound(outcome.outbound, contact, bot, now, deps, deps.outboundStatus);
    const outRows = prepared.rows;
    const sentEvents: NewEvent[] =
      deps.outboundStatus === 'sent'
        ? outRows.map((r) => ({ type: 'message_sent', data: { messageId: r.id } }))
        : [];
    const result = await deps.store.commitTurn({
      contactId: contact.id,
      contactPatch:
        event.pageId !== undefined && event.pageId !== contact.pageId
          ? { ...outcome.contactPatch, pageId: event.pageId }
          : outcome.contactPatch,
      conversation: outcome.state,
      expectedVersion: state.version,
      messages: [inboundRow(event, contact, outcome.nlu, deps.newId()), ...outRows],
      events: [...outcome.events, ...sentEvents].map((e) =>
        completeEvent(e, contact, e.type === 'message_sent' ? now : event.timestamp, deps.newId),
      ),
      links: prepared.links,
      ...call.outbox?.(outRows, contact),
    });
    if (result.ok) {
      return {
        status: 'processed',
        contact,
        outbound: prepared.rows.map((r) => r.message!),
        messageIds: outRows.map((r) => r.id),
        nlu: outcome.nlu,
      };
    }
    if (result.error.code === 'duplicate') return { status: 'duplicate', messageId: event.messageId };
  }
  throw new ParleyError('store.conflict', `Gave up after ${MAX_ATTEMPTS} concurrent updates of one contact.`);
}
