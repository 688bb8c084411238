import { z } from 'zod';
import {
  contactSchema,
  conversationStateSchema,
  loggedEventSchema,
  loggedMessageSchema,
  trackedLinkSchema,
} from '../core';

/** A conversion's idempotency key and the event it recorded (see `AnalyticsStore.recordConversion`). */
export const conversionKeySchema = z.strictObject({
  idempotencyKey: z.string(),
  eventId: z.string(),
  contactId: z.string(),
  createdAt: z.number(),
});

/** A list without its members (members are {@link listMemberSchema} records). */
export const listRecordSchema = z.strictObject({ id: z.string(), name: z.string(), createdAt: z.number() });

/** One contact's membership of one list. */
export const listMemberSchema = z.strictObject({
  listId: z.string(),
  contactId: z.string(),
  addedAt: z.number(),
});

/** Ad spend of a campaign on a day (`YYYY-MM-DD`), as `AnalyticsStore.setSpend` stores it. */
export const spendRecordSchema = z.strictObject({
  campaign: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date'),
  amount: z.number(),
  currency: z.string(),
});

/**
 * One record of a store transfer (`parley export` / `parley import`): a tagged union, one JSONL line
 * each. Rollups are not records: they are rebuilt from the events by the importing store.
 */
export const transferRecordSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('contact'), value: contactSchema }),
  z.strictObject({ type: z.literal('conversation'), value: conversationStateSchema }),
  z.strictObject({ type: z.literal('message'), value: loggedMessageSchema }),
  z.strictObject({ type: z.literal('event'), value: loggedEventSchema }),
  z.strictObject({ type: z.literal('link'), value: trackedLinkSchema }),
  z.strictObject({ type: z.literal('conversion'), value: conversionKeySchema }),
  z.strictObject({ type: z.literal('list'), value: listRecordSchema }),
  z.strictObject({ type: z.literal('member'), value: listMemberSchema }),
  z.strictObject({ type: z.literal('spend'), value: spendRecordSchema }),
]);
/** One record of a store transfer. */
export type TransferRecord = z.infer<typeof transferRecordSchema>;
/** The kinds of {@link TransferRecord}, in the order an import must write them (referenced rows first). */
export const TRANSFER_KINDS = [
  'contact',
  'conversation',
  'message',
  'event',
  'link',
  'conversion',
  'list',
  'member',
  'spend',
] as const satisfies readonly TransferRecord['type'][];
/** One of {@link TRANSFER_KINDS}. */
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** One page of {@link TransferStore.exportRecords}. */
export interface TransferPage {
  readonly records: TransferRecord[];
  /** Pass back to read the next page; null when this was the last one. */
  readonly cursor: string | null;
}

/**
 * Reading and writing everything a store holds, verbatim, to move an install between adapters
 * (part of every `Store`). Jobs, broadcasts and rollups are not transferred: jobs are transient,
 * rollups are rebuilt from the imported events.
 */
export interface TransferStore {
  /**
   * Records of one kind after `cursor` (null: from the start), at most `limit`, in a stable order:
   * messages and events in insertion order (so rollups rebuilt from them pair the same way), the
   * rest by key.
   */
  exportRecords(kind: TransferKind, cursor: string | null, limit: number): Promise<TransferPage>;
  /**
   * Writes records exactly as given (ids, times, statuses; no conversion attribution), atomically
   * per call. A record whose key is already stored is skipped, so an interrupted import can be run
   * again. Contacts must be imported before the records that refer to them, and lists before their
   * members. Returns how many records were new.
   * @throws ParleyError `store.not_found` when a record refers to a contact or list that does not exist.
   */
  importRecords(records: readonly TransferRecord[]): Promise<number>;
}
