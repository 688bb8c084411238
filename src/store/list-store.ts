import type { AttributeValue, Channel, Contact, OutboundMessage } from '../core';

/** A named set of contacts that broadcasts are sent to. */
export interface ContactList {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  /** Members now. */
  readonly size: number;
}

/** Selects contacts by channel, subscription and attribute values (all must match). */
export interface ContactFilter {
  readonly channel?: Channel;
  readonly subscribed?: boolean;
  /** Attribute equality, e.g. `{ size: 'M' }`. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** What a broadcast sends, to whom, and when. */
export interface BroadcastSpec {
  /** The list's id; null when sent to a filter. */
  readonly listId: string | null;
  readonly filter: ContactFilter | null;
  /** A message, or the id of a flow to start. */
  readonly message: OutboundMessage | null;
  readonly flow: string | null;
  readonly scheduleAt: number;
}

/** Why a contact of a broadcast got nothing. */
export type SkipReason = 'unsubscribed' | 'unreachable' | 'outside_window' | 'no_push_channel';

/** A broadcast with its progress: targeted contacts, messages queued, skips by reason, delivery. */
export interface Broadcast {
  readonly id: string;
  readonly spec: BroadcastSpec;
  readonly status: 'scheduled' | 'running' | 'done';
  readonly targeted: number;
  readonly queued: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** Of the queued messages: still pending, sent, failed. */
  readonly delivery: { readonly pending: number; readonly sent: number; readonly failed: number };
  /** The last contact id handled (broadcasts resume after it when interrupted). */
  readonly cursor: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** Progress of one page of a broadcast, written atomically. */
export interface BroadcastProgress {
  readonly targeted: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  readonly cursor: string | null;
}

/** Lists and broadcasts (part of every `Store`). */
export interface ListStore {
  /** @throws ParleyError `store.conflict` when the name is taken. */
  createList(id: string, name: string, now: number): Promise<ContactList>;
  /** By id or by name. */
  getList(idOrName: string): Promise<ContactList | null>;
  listLists(): Promise<ContactList[]>;
  /** Adds existing contacts (unknown ids are ignored); returns how many were new members. */
  addToList(listId: string, contactIds: readonly string[], now: number): Promise<number>;
  removeFromList(listId: string, contactIds: readonly string[]): Promise<number>;
  /** Contacts matching `filter`, ordered by id, after `afterId`, at most `limit`. */
  findContacts(filter: ContactFilter, afterId: string | null, limit: number): Promise<Contact[]>;
  /** Members of a list, ordered by contact id, after `afterId`, at most `limit`. */
  listMembers(listId: string, afterId: string | null, limit: number): Promise<Contact[]>;
  createBroadcast(id: string, spec: BroadcastSpec, now: number): Promise<Broadcast>;
  getBroadcast(id: string): Promise<Broadcast | null>;
  /** Adds a page's counts and moves the cursor (atomically); `queued` counts come from committed turns. */
  recordBroadcastProgress(id: string, progress: BroadcastProgress): Promise<void>;
  setBroadcastStatus(id: string, status: Broadcast['status'], now: number): Promise<void>;
}
