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
}

/** Why a turn was not written. Nothing of it was written. */
export type TurnRejection =
  | { readonly code: 'conflict'; readonly storedVersion: number }
  | { readonly code: 'duplicate'; readonly platformMessageId: string };

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
  readonly types?: readonly EventType[];
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

/**
 * The persistence port. Every adapter (SQLite, MongoDB) passes the contract suite in `test/contract/`.
 * All methods are async so that network-backed adapters fit; none returns partially written data.
 */
export interface Store {
  /** Which adapter this is (`sqlite`, `mongo`), for logs and `/readyz`. */
  readonly kind: string;
  /** Resolves when the backend answers; rejects with `store.unavailable` otherwise. */
  ping(): Promise<void>;
  /** Releases connections and file handles. Idempotent. */
  close(): Promise<void>;

  /** The contact for `key`, created (subscribed, reachable, no attributes) if it does not exist. */
  ensureContact(key: ContactKey, profile: Profile, now: number): Promise<Contact>;
  getContact(id: string): Promise<Contact | null>;
  findContact(key: ContactKey): Promise<Contact | null>;
  /** Applies `patch` (attributes merged, `null` removes). Throws `store.not_found` for an unknown id. */
  updateContact(id: string, patch: ContactPatch): Promise<Contact>;
  /** Removes the contact and everything about it (messages, events, state). False if unknown. */
  deleteContact(id: string): Promise<boolean>;

  /** The contact's conversation state, or the initial state (version 0) if none was saved. */
  getConversation(contactId: string, now: number): Promise<ConversationState>;

  /** True when a message with this platform id was already logged on this channel (dedupe). */
  hasMessage(channel: Channel, platformMessageId: string): Promise<boolean>;
  listMessages(query: MessageQuery): Promise<LoggedMessage[]>;
  /** Writes events outside a turn (link clicks, conversions). */
  appendEvents(events: readonly LoggedEvent[]): Promise<void>;
  listEvents(query: EventQuery): Promise<LoggedEvent[]>;

  /** The tracked link with this token, or null. */
  getLink(token: string): Promise<TrackedLink | null>;

  /**
   * Writes a whole turn — contact patch, conversation state, messages, events — atomically.
   * Rejects (writing nothing) on a version conflict or an already-logged platform message id.
   */
  commitTurn(turn: Turn): Promise<Result<ConversationState, TurnRejection>>;
}
