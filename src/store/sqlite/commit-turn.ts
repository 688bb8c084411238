import type { Database } from 'better-sqlite3';
import { ParleyError, err, ok } from '../../core';
import type { ConversationState, Result } from '../../core';
import type { Turn, TurnRejection } from '../store';
import { contactPatchParams, isEmptyPatch } from './contact-rows';
import { conversationParams } from './conversation-rows';
import { eventParams } from './event-rows';
import { jobParams } from './job-rows';
import { linkParams } from './link-rows';
import { messageParams } from './message-rows';
import type { SqliteStatements } from './sqlite-statements';

/** Thrown inside the transaction so that better-sqlite3 rolls back what the turn wrote so far. */
class TurnRejected extends Error {
  constructor(readonly rejection: TurnRejection) {
    super(rejection.code);
  }
}

/** Writes one turn synchronously; see {@link Store.commitTurn}. */
export type WriteTurn = (turn: Turn) => Result<ConversationState, TurnRejection>;

/**
 * Builds the synchronous turn writer: a better-sqlite3 transaction function (a SAVEPOINT when called
 * inside another transaction, which is how {@link createTurnBatcher} groups turns) that checks the
 * version, logs the messages (a known platform id rolls the turn back as `duplicate`), patches the
 * contact, saves the state with `version = expectedVersion + 1`, logs events and links, stores the
 * outbox jobs and removes the completed job.
 * @throws ParleyError `store.not_found` when the turn's contact does not exist (nothing written).
 */
export function createWriteTurn(db: Database, s: SqliteStatements): WriteTurn {
  const linkBroadcast = db.prepare(
    'INSERT INTO broadcast_messages (broadcast_id, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  // The contact's broadcast progress moves with its turn, so an interrupted broadcast resumes exactly.
  const countQueued = db.prepare(
    'UPDATE broadcasts SET queued = queued + ?, targeted = targeted + 1, cursor = ? WHERE id = ?',
  );
  const write = db.transaction((turn: Turn): Result<ConversationState, TurnRejection> => {
    const head = s.turnHead.get(turn.contactId);
    if (head === undefined) {
      throw new ParleyError('store.not_found', `No contact ${turn.contactId}`, {
        details: { contactId: turn.contactId },
      });
    }
    const storedVersion = head.version ?? 0;
    if (storedVersion !== turn.expectedVersion) return err({ code: 'conflict', storedVersion });
    for (const m of turn.messages) {
      if (s.insertMessage.run(messageParams(m)).changes === 0 && m.platformMessageId !== null) {
        throw new TurnRejected({ code: 'duplicate', platformMessageId: m.platformMessageId });
      }
    }
    if (!isEmptyPatch(turn.contactPatch))
      s.patchContact.run(contactPatchParams(turn.contactId, turn.contactPatch));
    const saved: ConversationState = {
      ...turn.conversation,
      contactId: turn.contactId,
      version: turn.expectedVersion + 1,
    };
    s.upsertConversation.run(conversationParams(saved));
    for (const e of turn.events) s.insertEvent.run(eventParams(e));
    for (const l of turn.links) s.insertLink.run(linkParams(l));
    if (turn.broadcastId !== undefined) {
      const out = turn.messages.filter((m) => m.direction === 'out');
      for (const m of out) linkBroadcast.run(turn.broadcastId, m.id);
      countQueued.run(out.length, turn.contactId, turn.broadcastId);
    }
    for (const j of turn.jobs ?? []) s.insertJob.run(jobParams(j));
    if (turn.completesJob !== undefined) s.deleteJob.run(turn.completesJob);
    return ok(saved);
  });
  return (turn) => {
    try {
      return write(turn);
    } catch (e) {
      if (e instanceof TurnRejected) return err(e.rejection);
      throw e;
    }
  };
}
