import type { AnalyticsStore } from './analytics-store';
import type { InboxStore } from './inbox-store';
import type { ListStore } from './list-store';
import type { TransferStore } from './transfer-store';
import type {
  Channel,
  Contact,
  ContactPatch,
  ConversationState,
  EventType,
  LoggedEvent,
  LoggedMessage,
  Profile,
  Result,
  TrackedLink,
} from '../core';

/** What identifies a contact when it is first seen. */
export interface ContactKey {
  readonly channel: Channel;
  readonly externalId: string;
}

/** Everything one handled inbound event changes, written atomically by {@link Store.commitTurn}. */
export interface Turn {
  readonly contactId: string;
  readonly contactPatch: ContactPatch;
  /** The new state; the store sets `version` to `expectedVersion + 1`. */
  readonly conversation: ConversationState;
  /** The version read before handling the event; a different stored version is a conflict. */
  readonly expectedVersion: number;
  readonly messages: readonly LoggedMessage[];
  readonly events: readonly LoggedEvent[];
  /** Tracked links created for the outbound messages of this turn. */
  readonly links: readonly TrackedLink[];
  /**
   * The broadcast whose messages this turn queues: they are linked to it, and its progress (queued,
   * targeted + 1, cursor = this contact) moves in the same transaction.
   */
  readonly broadcastId?: string;
  /**
   * A transactional outbox for the in-process queue: jobs stored with the turn (ids already stored
   * are ignored), so its replies are queued exactly when the turn is committed.
   */
  readonly jobs?: readonly StoredJob[];
  /** The job that handled this turn's event: removed with the turn (nothing is left to redo). */
  readonly completesJob?: string;
}

/** Why a turn was not written. Nothing of it was written. */
export type TurnRejection =
  | { readonly code: 'conflict'; readonly storedVersion: number }
  | { readonly code: 'duplicate'; readonly platformMessageId: string };

/** Row limits of {@link Store.listMessages} and {@link Store.listEvents}. */
export const QUERY_LIMITS = Object.freeze({ default: 100, max: 1000 });

/**
 * The row limit a query asks for, as every adapter must apply it: absent or not a finite number →
 * {@link QUERY_LIMITS}.default; otherwise truncated and clamped to `[0, QUERY_LIMITS.max]`.
 */
export function resolveQueryLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return QUERY_LIMITS.default;
  return Math.min(Math.max(Math.trunc(limit), 0), QUERY_LIMITS.max);
}

/** Filters for {@link Store.listMessages}; results are newest first. */
export interface MessageQuery {
  readonly contactId?: string;
  readonly direction?: 'in' | 'out';
  /** Only inbound messages that went to the matcher, with this outcome. */
  readonly matched?: boolean;
  /** Only messages with an NLU result. */
  readonly nluEvaluated?: boolean;
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  /** At most this many rows (default 100, at most 1000). */
  readonly limit?: number;
}

/** Filters for {@link Store.listEvents}; results are oldest first. */
export interface EventQuery {
  readonly contactId?: string;
  /** Only events of these types; absent or empty means every type. */
  readonly types?: readonly EventType[];
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  /** At most this many rows (default 100, at most 1000). */
  readonly limit?: number;
}

/** A job of the in-process queue, kept until it succeeds. */
export interface StoredJob {
  readonly id: string;
  readonly queue: string;
  readonly orderingKey: string | null;
  readonly data: unknown;
  /** Runs so far. */
  attempts: number;
  /** Epoch ms before which the job must not run. */
  runAt: number;
  readonly createdAt: number;
}

/** A job that failed for good. */
export interface DeadJob {
  readonly id: string;
  readonly queue: string;
  readonly data: unknown;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: number;
}

/** Durable job storage for the in-process queue (part of every {@link Store}). */
export interface JobStore {
  /** Stores jobs; ids already stored are ignored. Returns the jobs that were new. */
  insertJobs(jobs: readonly StoredJob[]): Promise<StoredJob[]>;
  /** Jobs of `queue` still to run (not dead), in insertion order. */
  pendingJobs(queue: string): Promise<StoredJob[]>;
  rescheduleJob(id: string, attempts: number, runAt: number, error: string): Promise<void>;
  /** Removes a job that succeeded. */
  completeJob(id: string): Promise<void>;
  /** Moves a job to the dead letters. */
  buryJob(id: string, attempts: number, error: string, failedAt: number): Promise<void>;
  deadJobs(queue: string, limit: number): Promise<DeadJob[]>;
}

/** The outcome of delivering one logged outbound message, written atomically with its events. */
export interface DeliveryUpdate {
  readonly messageId: string;
  readonly status: 'sent' | 'failed';
  readonly platformMessageId?: string;
  readonly error?: string;
  /** `message_sent` / `message_failed` and any other events of the outcome. */
  readonly events: readonly LoggedEvent[];
  /** A change to the recipient (e.g. `reachable: false` after "user unavailable"). */
  readonly contactPatch?: ContactPatch;
  /**
   * The job that delivered the message: removed with the outcome, atomically (in-process queue). It
   * is removed even when the message had an outcome already (`recordDelivery` returns false).
   */
  readonly completesJob?: string;
}

/**
 * The persistence port. Every adapter (SQLite, MongoDB) passes the contract suite in `test/contract/`.
 * All methods are async so that network-backed adapters fit; none returns partially written data.
 */
export interface Store extends JobStore, ListStore, AnalyticsStore, TransferStore, InboxStore {
  /** Which adapter this is (`sqlite`, `mongo`), for logs and `/readyz`. */
  readonly kind: string;
  /** Resolves when the backend answers; rejects with `store.unavailable` otherwise. */
  ping(): Promise<void>;
  /** Releases connections and file handles. Idempotent. */
  close(): Promise<void>;

  /**
   * The contact for `key`, created (subscribed, reachable, no attributes, `createdAt = now`) if it
   * does not exist. An existing contact is returned unchanged (`profile` is only used on creation).
   * Concurrent calls for one key return the same contact.
   */
  ensureContact(key: ContactKey, profile: Profile, now: number): Promise<Contact>;
  getContact(id: string): Promise<Contact | null>;
  findContact(key: ContactKey): Promise<Contact | null>;
  /**
   * Applies `patch`: attributes merged (`null` removes one), `profile` replaced, other fields set when
   * present. Returns the updated contact. Throws `store.not_found` for an unknown id.
   */
  updateContact(id: string, patch: ContactPatch): Promise<Contact>;
  /** Removes the contact and everything about it (messages, events, links, state) at once. False if unknown. */
  deleteContact(id: string): Promise<boolean>;

  /** The contact's conversation state, or the initial state (version 0) if none was saved. */
  getConversation(contactId: string, now: number): Promise<ConversationState>;

  /** True when a message with this platform id was already logged on this channel (dedupe). */
  hasMessage(channel: Channel, platformMessageId: string): Promise<boolean>;
  listMessages(query: MessageQuery): Promise<LoggedMessage[]>;
  getMessage(id: string): Promise<LoggedMessage | null>;
  /** Outbound messages of a contact not yet delivered (`pending` or `sending`), oldest first. */
  pendingOutbound(contactId: string): Promise<LoggedMessage[]>;
  /**
   * Claims a pending outbound message for sending (`pending` → `sending`, atomically). `in_doubt`: an
   * earlier sender claimed it and never recorded an outcome (it died mid-send), so it may or may not have
   * been delivered; `done`: it is already sent or failed (or unknown).
   */
  claimDelivery(messageId: string): Promise<'claimed' | 'in_doubt' | 'done'>;
  /** Puts a claimed message back to `pending` (the send certainly did not happen; it will be retried). */
  releaseDelivery(messageId: string): Promise<void>;
  /**
   * Records a delivery outcome: the message's status (and platform id or error), its events and a
   * contact change, atomically. Only a `pending` or `sending` message changes; one already sent or
   * failed is left unchanged (and its events are not written again): returns false then.
   */
  recordDelivery(update: DeliveryUpdate): Promise<boolean>;
  /** Writes events outside a turn (link clicks, conversions). */
  appendEvents(events: readonly LoggedEvent[]): Promise<void>;
  listEvents(query: EventQuery): Promise<LoggedEvent[]>;

  /** The tracked link with this token, or null. */
  getLink(token: string): Promise<TrackedLink | null>;

  /**
   * Writes a whole turn — contact patch, conversation state, messages, events, links, outbox jobs,
   * the completed job — atomically, and returns the saved state (`version = expectedVersion + 1`).
   * Resolves to an error (writing nothing) on a version conflict or an already-logged platform
   * message id; of concurrent turns with the same expected version exactly one succeeds. Throws
   * `store.not_found` for an unknown contact.
   */
  commitTurn(turn: Turn): Promise<Result<ConversationState, TurnRejection>>;
}
