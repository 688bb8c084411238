import type { mongo } from 'mongoose';
import { ParleyError } from '../../core';
import type { TransferKind, TransferPage, TransferRecord, TransferStore } from '../transfer-store';
import type { MongoContext, Session } from './mongo-context';
import {
  contactDoc,
  conversationDoc,
  eventDoc,
  linkDoc,
  messageDoc,
  pairId,
  toContact,
  toConversationState,
  toLoggedEvent,
  toLoggedMessage,
  toTrackedLink,
} from './mongo-docs';

type Page = { records: TransferRecord[]; last: string | number | undefined };

/** Pages one collection by a key field (`_id`, or `seq` for messages). */
async function pageBy<D extends mongo.Document>(
  collection: mongo.Collection<D>,
  field: string,
  after: string | number,
  limit: number,
  toRecord: (doc: D) => TransferRecord,
): Promise<Page> {
  const docs = (await collection
    .find({ [field]: { $gt: after } } as mongo.Filter<D>)
    .sort({ [field]: 1 })
    .limit(limit)
    .toArray()) as D[];
  const last = docs[docs.length - 1];
  return {
    records: docs.map(toRecord),
    last: last === undefined ? undefined : (last[field] as string | number),
  };
}

/**
 * The {@link TransferStore} of the MongoDB store. Messages and events are exported in sequence
 * (insertion) order; imports upsert with `$setOnInsert` on each key, so existing records are skipped,
 * and imported events are left un-rolled so the rollups count them.
 */
export function createMongoTransfer(ctx: MongoContext): TransferStore {
  const { c } = ctx;

  function exportPage(kind: TransferKind, cursor: string | null, limit: number): Promise<Page> {
    const s = cursor ?? '';
    const n = cursor === null ? 0 : Number(cursor);
    switch (kind) {
      case 'contact':
        return pageBy(c.contacts, '_id', s, limit, (d) => ({ type: 'contact', value: toContact(d) }));
      case 'conversation':
        return pageBy(c.conversations, '_id', s, limit, (d) => ({
          type: 'conversation',
          value: toConversationState(d),
        }));
      case 'message':
        return pageBy(c.messages, 'seq', n, limit, (d) => ({ type: 'message', value: toLoggedMessage(d) }));
      case 'event':
        return pageBy(c.events, '_id', n, limit, (d) => ({ type: 'event', value: toLoggedEvent(d) }));
      case 'link':
        return pageBy(c.links, '_id', s, limit, (d) => ({ type: 'link', value: toTrackedLink(d) }));
      case 'conversion':
        return pageBy(c.conversions, '_id', s, limit, (d) => ({
          type: 'conversion',
          value: {
            idempotencyKey: d._id,
            eventId: d.eventId,
            contactId: d.contactId,
            createdAt: d.createdAt,
          },
        }));
      case 'list':
        return pageBy(c.lists, '_id', s, limit, (d) => ({
          type: 'list',
          value: { id: d._id, name: d.name, createdAt: d.createdAt },
        }));
      case 'member':
        return pageBy(c.members, '_id', s, limit, (d) => ({
          type: 'member',
          value: { listId: d.listId, contactId: d.contactId, addedAt: d.addedAt },
        }));
      case 'spend':
        return pageBy(c.spend, '_id', s, limit, (d) => ({
          type: 'spend',
          value: { campaign: d.campaign, date: d.date, amount: d.amount, currency: d.currency },
        }));
    }
  }

  /** `store.not_found` unless every contact (and list) the records refer to exists or comes with them. */
  async function checkReferences(records: readonly TransferRecord[], session: Session): Promise<void> {
    const contacts = new Set<string>();
    const lists = new Set<string>();
    const newContacts = new Set<string>();
    const newLists = new Set<string>();
    for (const r of records) {
      if (r.type === 'contact') newContacts.add(r.value.id);
      else if (r.type === 'list') newLists.add(r.value.id);
      else if (r.type === 'conversation' || r.type === 'spend') continue;
      else contacts.add(r.value.contactId);
      if (r.type === 'member') lists.add(r.value.listId);
    }
    const wantedContacts = [...contacts].filter((id) => !newContacts.has(id));
    const wantedLists = [...lists].filter((id) => !newLists.has(id));
    const conversations = records.flatMap((r) => (r.type === 'conversation' ? [r.value.contactId] : []));
    wantedContacts.push(...conversations.filter((id) => !newContacts.has(id)));
    const unique = [...new Set(wantedContacts)];
    const found = await c.contacts.countDocuments({ _id: { $in: unique } }, { session });
    const foundLists = await c.lists.countDocuments({ _id: { $in: wantedLists } }, { session });
    if (found < unique.length || foundLists < wantedLists.length)
      throw new ParleyError('store.not_found', 'An imported record refers to a missing contact or list');
  }

  async function write(records: readonly TransferRecord[], session: Session): Promise<number> {
    await checkReferences(records, session);
    const logged = records.filter((r) => r.type === 'message' || r.type === 'event').length;
    let seq = logged > 0 ? await ctx.reserveSeq(logged) : 0;
    const eventIds = records.flatMap((r) => (r.type === 'event' ? [r.value.id] : []));
    const known = new Set(
      eventIds.length === 0
        ? []
        : (await c.events.find({ id: { $in: eventIds } }, { session, projection: { id: 1 } }).toArray()).map(
            (d) => d.id,
          ),
    );
    let added = 0;
    const o = { session, upsert: true };
    const upserted = (r: mongo.UpdateResult) => (added += r.upsertedCount);
    for (const r of records) {
      switch (r.type) {
        case 'contact': {
          const { _id, ...rest } = contactDoc(r.value);
          upserted(await c.contacts.updateOne({ _id }, { $setOnInsert: rest }, o));
          break;
        }
        case 'conversation': {
          const { _id, ...rest } = conversationDoc(r.value);
          upserted(await c.conversations.updateOne({ _id }, { $setOnInsert: rest }, o));
          break;
        }
        case 'message': {
          const { _id, ...rest } = messageDoc(r.value, seq++);
          upserted(await c.messages.updateOne({ _id }, { $setOnInsert: rest }, o));
          break;
        }
        case 'event': {
          const doc = eventDoc(r.value, seq++);
          if (known.has(doc.id)) break;
          known.add(doc.id);
          await c.events.insertOne(doc, { session });
          added++;
          break;
        }
        case 'link': {
          const { _id, ...rest } = linkDoc(r.value);
          upserted(await c.links.updateOne({ _id }, { $setOnInsert: rest }, o));
          break;
        }
        case 'conversion': {
          const { idempotencyKey, ...rest } = r.value;
          upserted(await c.conversions.updateOne({ _id: idempotencyKey }, { $setOnInsert: rest }, o));
          break;
        }
        case 'list': {
          const { id, ...rest } = r.value;
          upserted(await c.lists.updateOne({ _id: id }, { $setOnInsert: rest }, o));
          break;
        }
        case 'member': {
          const _id = pairId(r.value.listId, r.value.contactId);
          upserted(await c.members.updateOne({ _id }, { $setOnInsert: r.value }, o));
          break;
        }
        case 'spend': {
          const _id = pairId(r.value.campaign, r.value.date);
          upserted(
            await c.spend.updateOne({ _id }, { $setOnInsert: { ...r.value, updatedAt: Date.now() } }, o),
          );
          break;
        }
      }
    }
    return added;
  }

  return {
    async exportRecords(kind, cursor, limit): Promise<TransferPage> {
      return ctx.use(async () => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return { records: [], cursor: null };
        const page = await exportPage(kind, cursor, n);
        return {
          records: page.records,
          cursor: page.last === undefined || page.records.length < n ? null : String(page.last),
        };
      });
    },
    async importRecords(records) {
      return ctx.use(() => ctx.atomically((session) => write(records, session)));
    },
  };
}
