import { randomUUID } from 'node:crypto';
import { contactKey, ParleyError, initialConversationState } from '../../core';
import type { Store } from '../store';
import { contactPatchUpdate } from './contact-patch-update';
import type { MongoContext } from './mongo-context';
import { toContact, toConversationState } from './mongo-docs';
import type { ContactDoc } from './mongo-docs';
import { COLLECTIONS } from './mongo-schemas';
import { isDuplicateKey } from './to-mongo-error';

/** The contact and conversation-state methods of the MongoDB store. */
export type MongoContacts = Pick<
  Store,
  'ensureContact' | 'getContact' | 'findContact' | 'updateContact' | 'deleteContact' | 'getConversation'
>;

/**
 * Contacts and their conversation state. `ensureContact` is one upsert on the unique
 * `(channel, externalId)` index, so concurrent calls (any process) agree on one contact;
 * `deleteContact` first lets the rollups count the contact's events (aggregates outlive contacts).
 */
export function createMongoContacts(ctx: MongoContext, catchUpRollups: () => Promise<void>): MongoContacts {
  const { c } = ctx;
  const byKey = async (channel: string, externalId: string) =>
    c.contacts.findOne({ channel: channel as ContactDoc['channel'], externalId });
  return {
    async ensureContact(key, profile, now) {
      return ctx.use(async () => {
        const fresh: Omit<ContactDoc, 'channel' | 'externalId'> = {
          _id: randomUUID(),
          profile,
          attributes: {},
          subscribed: true,
          reachable: true,
          pageId: null,
          lastInboundAt: null,
          createdAt: now,
        };
        try {
          const doc = await c.contacts.findOneAndUpdate(
            { channel: key.channel, externalId: key.externalId },
            { $setOnInsert: fresh },
            { upsert: true, returnDocument: 'after' },
          );
          if (doc !== null) return toContact(doc);
        } catch (e) {
          // Two upserts raced on the unique key and the server did not retry: the other one won.
          if (!isDuplicateKey(e)) throw e;
        }
        const existing = await byKey(key.channel, key.externalId);
        if (existing === null)
          throw new ParleyError('internal', 'Contact vanished right after it was created');
        return toContact(existing);
      });
    },
    async getContact(id) {
      return ctx.use(async () => {
        const doc = await c.contacts.findOne({ _id: id });
        return doc === null ? null : toContact(doc);
      });
    },
    async findContact(key) {
      return ctx.use(async () => {
        const doc = await byKey(key.channel, key.externalId);
        return doc === null ? null : toContact(doc);
      });
    },
    async updateContact(id, patch) {
      return ctx.use(async () => {
        const update = contactPatchUpdate(patch);
        const doc =
          update === null
            ? await c.contacts.findOne({ _id: id })
            : await c.contacts.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' });
        if (doc === null) throw new ParleyError('store.not_found', `No contact ${id}`, { details: { id } });
        return toContact(doc);
      });
    },
    async deleteContact(id) {
      return ctx.use(async () => {
        const contact = await c.contacts.findOne({ _id: id });
        if (contact === null) return false;
        await catchUpRollups();
        return ctx.atomically(async (session) => {
          const o = { session };
          const removed = await c.contacts.deleteOne({ _id: id }, o);
          await c.conversations.deleteOne({ _id: id }, o);
          await c.messages.deleteMany({ contactId: id }, o);
          await c.events.deleteMany({ contactId: id }, o);
          await c.links.deleteMany({ contactId: id }, o);
          await c.members.deleteMany({ contactId: id }, o);
          await c.conversions.deleteMany({ contactId: id }, o);
          await ctx.db.collection<{ _id: string }>(COLLECTIONS.kpiState).deleteOne({ _id: id }, o);
          // Queued work for the contact goes too: nothing of theirs is processed after they are deleted.
          await c.jobs.deleteMany(
            { orderingKey: contactKey(contact.channel, contact.externalId), status: 'pending' },
            o,
          );
          return removed.deletedCount > 0;
        });
      });
    },
    async getConversation(contactId, now) {
      return ctx.use(async () => {
        const doc = await c.conversations.findOne({ _id: contactId });
        return doc === null ? initialConversationState(contactId, now) : toConversationState(doc);
      });
    },
  };
}
