import type { Connection, mongo } from 'mongoose';
import { ParleyError } from '../../core';
import type {
  BroadcastDoc,
  ContactDoc,
  ConversationDoc,
  ConversionDoc,
  CounterDoc,
  EventDoc,
  JobDoc,
  LinkDoc,
  ListDoc,
  MemberDoc,
  MessageDoc,
  SpendDoc,
} from './mongo-docs';
import { COLLECTIONS } from './mongo-schemas';
import { toMongoError } from './to-mongo-error';

/** The typed native collections the store reads and writes. */
export interface MongoCollections {
  readonly contacts: mongo.Collection<ContactDoc>;
  readonly conversations: mongo.Collection<ConversationDoc>;
  readonly messages: mongo.Collection<MessageDoc>;
  readonly events: mongo.Collection<EventDoc>;
  readonly links: mongo.Collection<LinkDoc>;
  readonly jobs: mongo.Collection<JobDoc>;
  readonly lists: mongo.Collection<ListDoc>;
  readonly members: mongo.Collection<MemberDoc>;
  readonly broadcasts: mongo.Collection<BroadcastDoc>;
  readonly conversions: mongo.Collection<ConversionDoc>;
  readonly spend: mongo.Collection<SpendDoc>;
  readonly counters: mongo.Collection<CounterDoc>;
}

/** A session when the write runs in a transaction, else undefined (standalone server). */
export type Session = mongo.ClientSession | undefined;

/** What every part of the MongoDB store shares. */
export interface MongoContext {
  readonly db: mongo.Db;
  readonly c: MongoCollections;
  /** The server runs transactions (replica set or sharded cluster). */
  readonly transactions: boolean;
  /** Runs `fn` unless the store is closed, mapping driver failures to ParleyErrors. */
  use<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction (retried by the driver on transient errors, so `fn` must be
   * re-runnable) when the server supports them; otherwise runs it once without a session.
   */
  atomically<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** Reserves `n` consecutive sequence numbers and returns the first (numbers are never reused). */
  reserveSeq(n: number): Promise<number>;
  /** Marks the store closed: every later call fails with `store.unavailable`. */
  markClosed(): void;
  readonly closed: boolean;
}

/** Builds the {@link MongoContext} of an open connection. */
export function createMongoContext(
  connection: Connection,
  db: mongo.Db,
  transactions: boolean,
): MongoContext {
  let closed = false;
  const c: MongoCollections = {
    contacts: db.collection<ContactDoc>(COLLECTIONS.contacts),
    conversations: db.collection<ConversationDoc>(COLLECTIONS.conversations),
    messages: db.collection<MessageDoc>(COLLECTIONS.messages),
    events: db.collection<EventDoc>(COLLECTIONS.events),
    links: db.collection<LinkDoc>(COLLECTIONS.links),
    jobs: db.collection<JobDoc>(COLLECTIONS.jobs),
    lists: db.collection<ListDoc>(COLLECTIONS.lists),
    members: db.collection<MemberDoc>(COLLECTIONS.members),
    broadcasts: db.collection<BroadcastDoc>(COLLECTIONS.broadcasts),
    conversions: db.collection<ConversionDoc>(COLLECTIONS.conversions),
    spend: db.collection<SpendDoc>(COLLECTIONS.spend),
    counters: db.collection<CounterDoc>(COLLECTIONS.counters),
  };
  return {
    db,
    c,
    transactions,
    get closed() {
      return closed;
    },
    markClosed() {
      closed = true;
    },
    async use<T>(fn: () => Promise<T>): Promise<T> {
      if (closed) throw new ParleyError('store.unavailable', 'The MongoDB store is closed');
      try {
        return await fn();
      } catch (e) {
        throw toMongoError(e);
      }
    },
    async atomically<T>(fn: (session: Session) => Promise<T>): Promise<T> {
      if (!transactions) return fn(undefined);
      const session = connection.getClient().startSession();
      try {
        return await session.withTransaction(() => fn(session));
      } finally {
        await session.endSession();
      }
    },
    async reserveSeq(n: number): Promise<number> {
      const doc = await c.counters.findOneAndUpdate(
        { _id: 'seq' },
        { $inc: { value: n } },
        { upsert: true, returnDocument: 'after' },
      );
      if (doc === null) throw new ParleyError('internal', 'The sequence counter vanished');
      return doc.value - n + 1;
    },
  };
}
