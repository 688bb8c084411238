import { ParleyError, err, ok } from '../../core';
import type { ConversationState, LoggedMessage, Result } from '../../core';
import type { Turn, TurnRejection } from '../store';
import { contactPatchUpdate } from './contact-patch-update';
import type { MongoContext, Session } from './mongo-context';
import { jobUpserts } from './mongo-job-store';
import { conversationDoc, eventDoc, linkDoc, messageDoc } from './mongo-docs';
import type { ConversationDoc } from './mongo-docs';
import { PLATFORM_ID_INDEX } from './mongo-schemas';
import { isDuplicateKey } from './to-mongo-error';

type Outcome = Result<ConversationState, TurnRejection>;

/** Thrown inside the transaction so that it aborts; carries why the turn was refused. */
class TurnRejected extends Error {
  constructor(readonly code: TurnRejection['code']) {
    super(code);
  }
}

const platformKeys = (messages: readonly LoggedMessage[]) =>
  messages.flatMap((m) =>
    m.platformMessageId === null ? [] : [{ channel: m.channel, platformMessageId: m.platformMessageId }],
  );

/**
 * `commitTurn` for MongoDB. The version check is a conditional write on the conversation document
 * (`updateOne({ _id, version: expected })`, or an insert for version 0 that the `_id` makes unique),
 * so of two workers holding the same version exactly one wins — in any process. On a replica set the
 * whole turn is one transaction. On a standalone server (no transactions) the steps run in an order
 * that keeps refusals clean: duplicate check, version claim, messages (a duplicate that raced in
 * undoes the claim and the messages), then contact patch, events, links, broadcast progress, outbox
 * jobs and the completed job; a crash between those steps can leave a partial turn, which a replica
 * set rules out.
 */
export function createMongoTurns(ctx: MongoContext): (turn: Turn) => Promise<Outcome> {
  const { c } = ctx;

  async function write(turn: Turn, firstSeq: number, session: Session): Promise<ConversationState> {
    const o = { session };
    if ((await c.contacts.countDocuments({ _id: turn.contactId }, { ...o, limit: 1 })) === 0) {
      throw new ParleyError('store.not_found', `No contact ${turn.contactId}`, {
        details: { contactId: turn.contactId },
      });
    }
    const keys = platformKeys(turn.messages);
    if (
      keys.length > 0 &&
      (await c.messages.findOne({ $or: keys }, { ...o, projection: { _id: 1 } })) !== null
    )
      throw new TurnRejected('duplicate');

    const saved: ConversationState = {
      ...turn.conversation,
      contactId: turn.contactId,
      version: turn.expectedVersion + 1,
    };
    const previous = session === undefined ? await c.conversations.findOne({ _id: turn.contactId }) : null;
    await claimVersion(turn, saved, session);

    let seq = firstSeq;
    const messages = turn.messages.map((m) => messageDoc(m, seq++, turn.broadcastId));
    try {
      if (messages.length > 0) await c.messages.insertMany(messages, { ...o, ordered: true });
    } catch (e) {
      if (session === undefined)
        await undoClaim(
          turn,
          previous,
          messages.map((m) => m._id),
        );
      if (isDuplicateKey(e, PLATFORM_ID_INDEX)) throw new TurnRejected('duplicate');
      throw e;
    }
    const update = contactPatchUpdate(turn.contactPatch);
    if (update !== null) await c.contacts.updateOne({ _id: turn.contactId }, update, o);
    if (turn.events.length > 0)
      await c.events.insertMany(
        turn.events.map((e) => eventDoc(e, seq++)),
        { ...o, ordered: true },
      );
    if (turn.links.length > 0) await c.links.insertMany(turn.links.map(linkDoc), { ...o, ordered: true });
    if (turn.broadcastId !== undefined) {
      const queued = turn.messages.filter((m) => m.direction === 'out').length;
      await c.broadcasts.updateOne(
        { _id: turn.broadcastId },
        { $inc: { queued, targeted: 1 }, $set: { cursor: turn.contactId } },
        o,
      );
    }
    const jobs = turn.jobs ?? [];
    if (jobs.length > 0) await c.jobs.bulkWrite(jobUpserts(jobs, seq), { ...o, ordered: true });
    // Last: without transactions, a crash before this runs the job again (it finds the turn done).
    if (turn.completesJob !== undefined) await c.jobs.deleteOne({ _id: turn.completesJob }, o);
    return saved;
  }

  async function claimVersion(turn: Turn, saved: ConversationState, session: Session): Promise<void> {
    const doc = conversationDoc(saved);
    if (turn.expectedVersion === 0) {
      try {
        await c.conversations.insertOne(doc, { session });
      } catch (e) {
        if (isDuplicateKey(e)) throw new TurnRejected('conflict');
        throw e;
      }
      return;
    }
    const { _id, ...fields } = doc;
    const claimed = await c.conversations.updateOne(
      { _id, version: turn.expectedVersion },
      { $set: fields },
      { session },
    );
    if (claimed.matchedCount === 0) throw new TurnRejected('conflict');
  }

  /** Without transactions: takes back a claimed version and the messages of a refused turn. */
  async function undoClaim(
    turn: Turn,
    previous: ConversationDoc | null,
    messageIds: string[],
  ): Promise<void> {
    await c.messages.deleteMany({ _id: { $in: messageIds }, contactId: turn.contactId });
    const mine = { _id: turn.contactId, version: turn.expectedVersion + 1 };
    if (previous === null) await c.conversations.deleteOne(mine);
    else await c.conversations.replaceOne(mine, previous);
  }

  /** The refusal, read after the failed attempt (outside its snapshot). */
  async function rejection(turn: Turn, code: TurnRejection['code']): Promise<TurnRejection> {
    if (code === 'conflict') {
      const stored = await c.conversations.findOne({ _id: turn.contactId }, { projection: { version: 1 } });
      return { code, storedVersion: stored?.version ?? 0 };
    }
    const keys = platformKeys(turn.messages);
    const ids = turn.messages.map((m) => m.id);
    const seen =
      keys.length === 0
        ? null
        : await c.messages.findOne(
            { $or: keys, _id: { $nin: ids } },
            { projection: { platformMessageId: 1 } },
          );
    return { code, platformMessageId: seen?.platformMessageId ?? keys[0]?.platformMessageId ?? '' };
  }

  return (turn) =>
    ctx.use(async () => {
      const count = turn.messages.length + turn.events.length + (turn.jobs?.length ?? 0);
      // Reserved outside the transaction: a hot counter inside it would make every turn conflict.
      const firstSeq = count > 0 ? await ctx.reserveSeq(count) : 0;
      try {
        return ok(await ctx.atomically((session) => write(turn, firstSeq, session)));
      } catch (e) {
        if (e instanceof TurnRejected) return err(await rejection(turn, e.code));
        throw e;
      }
    });
}
