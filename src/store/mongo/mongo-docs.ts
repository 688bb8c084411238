import type {
  Attributes,
  Channel,
  Contact,
  ConversationState,
  EventType,
  FlowPosition,
  LoggedEvent,
  LoggedMessage,
  Profile,
  TrackedLink,
} from '../../core';
import type { BroadcastSpec, SkipReason } from '../list-store';
import { decodeAttributes, encodeAttributes } from './attribute-keys';

/*
 * Document shapes of the MongoDB store, one collection each. Ids are Parley's string ids (`_id`);
 * events and the logs get a `seq` from a counter so that "insertion order" is defined across processes.
 */

/** `contacts`: unique by `(channel, externalId)`; attribute names encoded (see attribute-keys.ts). */
export interface ContactDoc {
  _id: string;
  channel: Channel;
  externalId: string;
  profile: Profile;
  attributes: Attributes;
  subscribed: boolean;
  reachable: boolean;
  pageId: string | null;
  lastInboundAt: number | null;
  createdAt: number;
}

/** `conversations`: one per contact that completed a turn (`_id` = contact id). */
export interface ConversationDoc {
  _id: string;
  flow: FlowPosition | null;
  pausedUntil: number | null;
  lastIntent: string | null;
  updatedAt: number;
  version: number;
}

/** `messages`: the message log; `matched` copies `nlu.matched` (null without NLU) for the indexes. */
export interface MessageDoc extends Omit<LoggedMessage, 'id'> {
  _id: string;
  seq: number;
  matched: boolean | null;
  /** The broadcast that queued this message, if any. */
  broadcastId?: string;
}

/** `events`: `_id` is the insertion sequence; `rolled` turns true once the KPI rollups counted it. */
export interface EventDoc extends LoggedEvent {
  _id: number;
  rolled: boolean;
}

/** `links`: tracked links by token. */
export interface LinkDoc extends Omit<TrackedLink, 'token'> {
  _id: string;
}

/** `jobs`: the in-process queue's durable jobs. */
export interface JobDoc {
  _id: string;
  seq: number;
  queue: string;
  orderingKey: string | null;
  data: unknown;
  attempts: number;
  runAt: number;
  createdAt: number;
  status: 'pending' | 'dead';
  lastError: string | null;
  failedAt: number | null;
}

/** `lists`: unique names. */
export interface ListDoc {
  _id: string;
  name: string;
  createdAt: number;
}

/** `list_members`: `_id` is `[listId, contactId]` as JSON. */
export interface MemberDoc {
  _id: string;
  listId: string;
  contactId: string;
  addedAt: number;
}

/** `broadcasts`: delivery counts are read from the messages carrying the broadcast's id. */
export interface BroadcastDoc {
  _id: string;
  listId: string | null;
  spec: BroadcastSpec;
  status: 'scheduled' | 'running' | 'done';
  scheduleAt: number;
  targeted: number;
  queued: number;
  skipped: Partial<Record<SkipReason, number>>;
  cursor: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** `conversions`: idempotency keys of recorded conversions (`_id` = key). */
export interface ConversionDoc {
  _id: string;
  eventId: string;
  contactId: string;
  createdAt: number;
}

/** `campaign_spend`: `_id` is `[campaign, date]` as JSON. */
export interface SpendDoc {
  _id: string;
  campaign: string;
  date: string;
  amount: number;
  currency: string;
  updatedAt: number;
}

/** `counters`: named sequences (`_id: 'seq'`). */
export interface CounterDoc {
  _id: string;
  value: number;
}

/** The key of a two-part id (`list_members`, `campaign_spend`, rollups). */
export const pairId = (...parts: readonly (string | number)[]): string => JSON.stringify(parts);

/** The contact a document holds. */
export function toContact(d: ContactDoc): Contact {
  return {
    id: d._id,
    channel: d.channel,
    externalId: d.externalId,
    profile: d.profile,
    attributes: decodeAttributes(d.attributes),
    subscribed: d.subscribed,
    reachable: d.reachable,
    lastInboundAt: d.lastInboundAt,
    pageId: d.pageId,
    createdAt: d.createdAt,
  };
}

/** The document of a contact. */
export function contactDoc(c: Contact): ContactDoc {
  return {
    _id: c.id,
    channel: c.channel,
    externalId: c.externalId,
    profile: c.profile,
    attributes: encodeAttributes(c.attributes),
    subscribed: c.subscribed,
    reachable: c.reachable,
    pageId: c.pageId,
    lastInboundAt: c.lastInboundAt,
    createdAt: c.createdAt,
  };
}

/** The state a document holds. */
export function toConversationState(d: ConversationDoc): ConversationState {
  return {
    contactId: d._id,
    flow: d.flow,
    pausedUntil: d.pausedUntil,
    lastIntent: d.lastIntent,
    updatedAt: d.updatedAt,
    version: d.version,
  };
}

/** The document of a state. */
export function conversationDoc(s: ConversationState): ConversationDoc {
  return {
    _id: s.contactId,
    flow: s.flow,
    pausedUntil: s.pausedUntil,
    lastIntent: s.lastIntent,
    updatedAt: s.updatedAt,
    version: s.version,
  };
}

/** The message a document holds. */
export function toLoggedMessage(d: MessageDoc): LoggedMessage {
  return {
    id: d._id,
    contactId: d.contactId,
    channel: d.channel,
    direction: d.direction,
    sender: d.sender,
    kind: d.kind,
    platformMessageId: d.platformMessageId,
    text: d.text,
    payload: d.payload,
    message: d.message,
    nlu: d.nlu,
    flowId: d.flowId,
    stepId: d.stepId,
    status: d.status,
    error: d.error,
    at: d.at,
  };
}

/** The document of a message, with its sequence number (and broadcast). */
export function messageDoc(m: LoggedMessage, seq: number, broadcastId?: string): MessageDoc {
  const { id, ...rest } = m;
  const doc: MessageDoc = { ...rest, _id: id, seq, matched: m.nlu === null ? null : m.nlu.matched };
  if (broadcastId !== undefined) doc.broadcastId = broadcastId;
  return doc;
}

/** The event a document holds. */
export function toLoggedEvent(d: EventDoc): LoggedEvent {
  return {
    id: d.id,
    type: d.type as EventType,
    at: d.at,
    contactId: d.contactId,
    channel: d.channel,
    flowId: d.flowId,
    stepId: d.stepId,
    intent: d.intent,
    campaign: d.campaign,
    variant: d.variant,
    list: d.list,
    value: d.value,
    data: d.data,
  };
}

/** The document of an event, with its sequence number; not rolled up yet. */
export function eventDoc(e: LoggedEvent, seq: number): EventDoc {
  return { ...e, _id: seq, rolled: false };
}

/** The link a document holds. */
export function toTrackedLink(d: LinkDoc): TrackedLink {
  const { _id, ...rest } = d;
  return { token: _id, ...rest };
}

/** The document of a link. */
export function linkDoc(l: TrackedLink): LinkDoc {
  const { token, ...rest } = l;
  return { _id: token, ...rest };
}
