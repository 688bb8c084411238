import type { Store } from '../store';
import { contactPatchUpdate } from './contact-patch-update';
import type { MongoContext } from './mongo-context';
import { toLoggedMessage } from './mongo-docs';
import type { MessageDoc } from './mongo-docs';
import { insertEvents } from './mongo-log';

/** The message-delivery methods of the MongoDB store. */
export type MongoDelivery = Pick<
  Store,
  'getMessage' | 'pendingOutbound' | 'claimDelivery' | 'releaseDelivery' | 'recordDelivery'
>;

/**
 * Delivery of logged outbound messages. Claims and outcomes are conditional single-document updates
 * on `status`, so exactly one sender claims a message and exactly one outcome is recorded (its events
 * are written only by the caller whose update matched); outcome, events and contact change share a
 * transaction on a replica set.
 */
export function createMongoDelivery(ctx: MongoContext): MongoDelivery {
  const { c } = ctx;
  return {
    async getMessage(id) {
      return ctx.use(async () => {
        const doc = await c.messages.findOne({ _id: id });
        return doc === null ? null : toLoggedMessage(doc);
      });
    },
    async pendingOutbound(contactId) {
      return ctx.use(async () => {
        const docs = await c.messages
          .find({ contactId, direction: 'out', status: { $in: ['pending', 'sending'] } })
          .sort({ at: 1, seq: 1 })
          .toArray();
        return docs.map(toLoggedMessage);
      });
    },
    async claimDelivery(messageId) {
      return ctx.use(async () => {
        const claimed = await c.messages.updateOne(
          { _id: messageId, status: 'pending' },
          { $set: { status: 'sending' } },
        );
        if (claimed.modifiedCount > 0) return 'claimed';
        const doc = await c.messages.findOne({ _id: messageId }, { projection: { status: 1 } });
        return doc?.status === 'sending' ? 'in_doubt' : 'done';
      });
    },
    async releaseDelivery(messageId) {
      await ctx.use(() =>
        c.messages.updateOne({ _id: messageId, status: 'sending' }, { $set: { status: 'pending' } }),
      );
    },
    async recordDelivery(u) {
      return ctx.use(() =>
        ctx.atomically(async (session) => {
          const set: Partial<MessageDoc> = { status: u.status, error: u.error ?? null };
          if (u.platformMessageId !== undefined) set.platformMessageId = u.platformMessageId;
          const doc = await c.messages.findOneAndUpdate(
            { _id: u.messageId, status: { $in: ['pending', 'sending'] } },
            { $set: set },
            { session, projection: { contactId: 1 } },
          );
          if (doc !== null) {
            await insertEvents(ctx, u.events, session);
            const update = u.contactPatch ? contactPatchUpdate(u.contactPatch) : null;
            if (update !== null) await c.contacts.updateOne({ _id: doc.contactId }, update, { session });
          }
          // Last: without transactions, a crash before this runs the job again (it finds the outcome).
          if (u.completesJob !== undefined) await c.jobs.deleteOne({ _id: u.completesJob }, { session });
          return doc !== null;
        }),
      );
    },
  };
}
