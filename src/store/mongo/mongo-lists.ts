import type { mongo } from 'mongoose';
import { ParleyError } from '../../core';
import type { Broadcast, ContactFilter, ContactList, ListStore } from '../list-store';
import { encodeAttributeKey } from './attribute-keys';
import type { MongoContext } from './mongo-context';
import { pairId, toContact } from './mongo-docs';
import type { BroadcastDoc, ContactDoc, ListDoc } from './mongo-docs';
import { isDuplicateKey } from './to-mongo-error';

/** Attribute names are checked as in the SQLite store (they become field paths). */
const ATTRIBUTE_NAME = /^[A-Za-z_][\w.-]{0,63}$/;

function contactFilter(filter: ContactFilter, afterId: string | null): mongo.Filter<ContactDoc> {
  const q: Record<string, unknown> = { _id: { $gt: afterId ?? '' } };
  if (filter.channel) q.channel = filter.channel;
  if (filter.subscribed !== undefined) q.subscribed = filter.subscribed;
  for (const [name, value] of Object.entries(filter.attributes ?? {})) {
    if (!ATTRIBUTE_NAME.test(name))
      throw new ParleyError('api.bad_request', `Invalid attribute name "${name}"`);
    q[`attributes.${encodeAttributeKey(name)}`] = value;
  }
  return q as mongo.Filter<ContactDoc>;
}

/**
 * Lists and broadcasts of the MongoDB store. A broadcast's progress is one `$inc` (atomic with
 * concurrent pages); its delivery counts are aggregated from the messages that carry its id.
 */
export function createMongoLists(ctx: MongoContext): ListStore {
  const { c } = ctx;

  async function sizes(ids: readonly string[]): Promise<Map<string, number>> {
    const rows = await c.members
      .aggregate<{ _id: string; n: number }>([
        { $match: { listId: { $in: [...ids] } } },
        { $group: { _id: '$listId', n: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(rows.map((r) => [r._id, r.n]));
  }
  const toList = (d: ListDoc, size: number): ContactList => ({
    id: d._id,
    name: d.name,
    createdAt: d.createdAt,
    size,
  });
  async function withSize(d: ListDoc | null): Promise<ContactList | null> {
    if (d === null) return null;
    return toList(d, (await sizes([d._id])).get(d._id) ?? 0);
  }
  async function toBroadcast(d: BroadcastDoc): Promise<Broadcast> {
    const rows = await c.messages
      .aggregate<{ _id: string; n: number }>([
        { $match: { broadcastId: d._id } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ])
      .toArray();
    const n = (status: string) => rows.find((r) => r._id === status)?.n ?? 0;
    return {
      id: d._id,
      spec: d.spec,
      status: d.status,
      targeted: d.targeted,
      queued: d.queued,
      skipped: d.skipped,
      delivery: { pending: n('pending') + n('sending'), sent: n('sent'), failed: n('failed') },
      cursor: d.cursor,
      createdAt: d.createdAt,
      finishedAt: d.finishedAt,
    };
  }

  return {
    async createList(id, name, now) {
      return ctx.use(async () => {
        const doc: ListDoc = { _id: id, name, createdAt: now };
        try {
          await c.lists.insertOne(doc);
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          throw new ParleyError('store.conflict', `A list named "${name}" exists`, { details: { name } });
        }
        return toList(doc, 0);
      });
    },
    async getList(idOrName) {
      return ctx.use(async () => {
        const byId = await c.lists.findOne({ _id: idOrName });
        return withSize(byId ?? (await c.lists.findOne({ name: idOrName })));
      });
    },
    async listLists() {
      return ctx.use(async () => {
        const docs = await c.lists.find().sort({ name: 1 }).toArray();
        const n = await sizes(docs.map((d) => d._id));
        return docs.map((d) => toList(d, n.get(d._id) ?? 0));
      });
    },
    async addToList(listId, contactIds, now) {
      return ctx.use(async () => {
        const existing = await c.contacts
          .find({ _id: { $in: [...contactIds] } }, { projection: { _id: 1 } })
          .toArray();
        if (existing.length === 0) return 0;
        const result = await c.members.bulkWrite(
          existing.map(({ _id: contactId }) => ({
            updateOne: {
              filter: { _id: pairId(listId, contactId) },
              update: { $setOnInsert: { listId, contactId, addedAt: now } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
        return result.upsertedCount;
      });
    },
    async removeFromList(listId, contactIds) {
      return ctx.use(async () => {
        const ids = [...new Set(contactIds)].map((id) => pairId(listId, id));
        return (await c.members.deleteMany({ _id: { $in: ids } })).deletedCount;
      });
    },
    async findContacts(filter, afterId, limit) {
      return ctx.use(async () => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        const docs = await c.contacts
          .find(contactFilter(filter, afterId))
          .sort({ _id: 1 })
          .limit(n)
          .toArray();
        return docs.map(toContact);
      });
    },
    async listMembers(listId, afterId, limit) {
      return ctx.use(async () => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        const members = await c.members
          .find({ listId, contactId: { $gt: afterId ?? '' } }, { projection: { contactId: 1 } })
          .sort({ contactId: 1 })
          .limit(n)
          .toArray();
        const docs = await c.contacts
          .find({ _id: { $in: members.map((m) => m.contactId) } })
          .sort({ _id: 1 })
          .toArray();
        return docs.map(toContact);
      });
    },
    async createBroadcast(id, spec, now) {
      return ctx.use(async () => {
        const doc: BroadcastDoc = {
          _id: id,
          listId: spec.listId,
          spec,
          status: 'scheduled',
          scheduleAt: spec.scheduleAt,
          targeted: 0,
          queued: 0,
          skipped: {},
          cursor: null,
          createdAt: now,
          finishedAt: null,
        };
        await c.broadcasts.insertOne(doc);
        return toBroadcast(doc);
      });
    },
    async getBroadcast(id) {
      return ctx.use(async () => {
        const doc = await c.broadcasts.findOne({ _id: id });
        return doc === null ? null : toBroadcast(doc);
      });
    },
    async recordBroadcastProgress(id, p) {
      await ctx.use(async () => {
        const inc: Record<string, number> = { targeted: p.targeted };
        for (const [reason, n] of Object.entries(p.skipped)) inc[`skipped.${reason}`] = n ?? 0;
        await c.broadcasts.updateOne({ _id: id }, { $inc: inc, $set: { cursor: p.cursor } });
      });
    },
    async setBroadcastStatus(id, status, now) {
      await ctx.use(async () => {
        const set: Partial<BroadcastDoc> = { status };
        if (status === 'done') set.finishedAt = now;
        await c.broadcasts.updateOne({ _id: id }, { $set: set });
      });
    },
  };
}
