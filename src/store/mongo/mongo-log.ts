import { ParleyError } from '../../core';
import type { LoggedEvent } from '../../core';
import { resolveQueryLimit } from '../store';
import type { Store } from '../store';
import type { MongoContext, Session } from './mongo-context';
import { eventDoc, toLoggedEvent, toLoggedMessage, toTrackedLink } from './mongo-docs';
import type { EventDoc, MessageDoc } from './mongo-docs';
import type { mongo } from 'mongoose';

/** The message-log, event-log and link reads of the MongoDB store. */
export type MongoLog = Pick<Store, 'hasMessage' | 'listMessages' | 'appendEvents' | 'listEvents' | 'getLink'>;

const timeRange = (from?: number, to?: number): mongo.Filter<{ at: number }>[] => {
  const at: { $gte?: number; $lt?: number } = {};
  if (from !== undefined) at.$gte = from;
  if (to !== undefined) at.$lt = to;
  return Object.keys(at).length > 0 ? [{ at }] : [];
};

const all = <T>(parts: mongo.Filter<T>[]): mongo.Filter<T> =>
  (parts.length === 0 ? {} : { $and: parts }) as mongo.Filter<T>;

/**
 * Writes events with fresh sequence numbers (in the given order), after checking that their contacts
 * exist (`store.not_found` otherwise, as a foreign key would).
 */
export async function insertEvents(
  ctx: MongoContext,
  events: readonly LoggedEvent[],
  session: Session,
  firstSeq?: number,
): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.contactId))];
  const found = await ctx.c.contacts.countDocuments({ _id: { $in: ids } }, { session });
  if (found < ids.length)
    throw new ParleyError('store.not_found', 'A referenced contact does not exist', { details: { ids } });
  let seq = firstSeq ?? (await ctx.reserveSeq(events.length));
  const docs: EventDoc[] = events.map((e) => eventDoc(e, seq++));
  await ctx.c.events.insertMany(docs, { session, ordered: true });
}

/** Message and event queries with the same filters, order and limits as the SQLite store. */
export function createMongoLog(ctx: MongoContext): MongoLog {
  const { c } = ctx;
  return {
    async hasMessage(channel, platformMessageId) {
      return ctx.use(
        async () => (await c.messages.countDocuments({ channel, platformMessageId }, { limit: 1 })) > 0,
      );
    },
    async listMessages(q) {
      return ctx.use(async () => {
        const limit = resolveQueryLimit(q.limit);
        if (limit === 0) return [];
        const parts: mongo.Filter<MessageDoc>[] = [];
        if (q.contactId !== undefined) parts.push({ contactId: q.contactId });
        if (q.direction !== undefined) parts.push({ direction: q.direction });
        if (q.matched !== undefined) parts.push({ matched: q.matched });
        if (q.nluEvaluated !== undefined) parts.push({ matched: q.nluEvaluated ? { $ne: null } : null });
        parts.push(...(timeRange(q.from, q.to) as mongo.Filter<MessageDoc>[]));
        const docs = await c.messages.find(all(parts)).sort({ at: -1, seq: -1 }).limit(limit).toArray();
        return docs.map(toLoggedMessage);
      });
    },
    async appendEvents(events) {
      await ctx.use(() => ctx.atomically((session) => insertEvents(ctx, events, session)));
    },
    async listEvents(q) {
      return ctx.use(async () => {
        const limit = resolveQueryLimit(q.limit);
        if (limit === 0) return [];
        const parts: mongo.Filter<EventDoc>[] = [];
        if (q.contactId !== undefined) parts.push({ contactId: q.contactId });
        if (q.types !== undefined && q.types.length > 0) parts.push({ type: { $in: [...q.types] } });
        parts.push(...(timeRange(q.from, q.to) as mongo.Filter<EventDoc>[]));
        const docs = await c.events.find(all(parts)).sort({ at: 1, _id: 1 }).limit(limit).toArray();
        return docs.map(toLoggedEvent);
      });
    },
    async getLink(token) {
      return ctx.use(async () => {
        const doc = await c.links.findOne({ _id: token });
        return doc === null ? null : toTrackedLink(doc);
      });
    },
  };
}
