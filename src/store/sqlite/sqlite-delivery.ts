import type { Database } from 'better-sqlite3';
import type { LoggedEvent, LoggedMessage } from '../../core';
import type { DeliveryUpdate } from '../store';
import { contactPatchParams, isEmptyPatch } from './contact-rows';
import { eventParams } from './event-rows';
import { messageColumns, toLoggedMessage } from './message-rows';
import type { MessageRow } from './message-rows';
import type { SqliteStatements } from './sqlite-statements';

/** The message-delivery part of the SQLite store: look-ups and atomic outcome records. */
export function createSqliteDelivery(
  db: Database,
  s: SqliteStatements,
  use: <T>(fn: () => T) => T,
  write: <T>(fn: () => T) => Promise<T>,
) {
  const byId = db.prepare<[string], MessageRow>(`SELECT ${messageColumns} FROM messages WHERE id = ?`);
  const pendingOut = db.prepare<[string], MessageRow>(
    `SELECT ${messageColumns} FROM messages
     WHERE contact_id = ? AND status IN ('pending', 'sending') AND direction = 'out' ORDER BY at, rowid`,
  );
  const claim = db.prepare("UPDATE messages SET status = 'sending' WHERE id = ? AND status = 'pending'");
  const release = db.prepare("UPDATE messages SET status = 'pending' WHERE id = ? AND status = 'sending'");
  const statusOf = db.prepare<[string], string>('SELECT status FROM messages WHERE id = ?').pluck();
  const mark = db.prepare(
    `UPDATE messages SET status = ?, platform_message_id = coalesce(?, platform_message_id), error = ?
     WHERE id = ? AND status IN ('pending', 'sending') RETURNING contact_id`,
  );
  const record = db.transaction((u: DeliveryUpdate): boolean => {
    if (u.completesJob !== undefined) s.deleteJob.run(u.completesJob);
    const row = mark.get(u.status, u.platformMessageId ?? null, u.error ?? null, u.messageId) as
      { contact_id: string } | undefined;
    if (row === undefined) return false;
    for (const e of u.events as readonly LoggedEvent[]) s.insertEvent.run(eventParams(e));
    if (u.contactPatch && !isEmptyPatch(u.contactPatch)) {
      s.patchContact.run(contactPatchParams(row.contact_id, u.contactPatch));
    }
    return true;
  });
  return {
    async getMessage(id: string): Promise<LoggedMessage | null> {
      return use(() => {
        const row = byId.get(id);
        return row === undefined ? null : toLoggedMessage(row);
      });
    },
    async pendingOutbound(contactId: string): Promise<LoggedMessage[]> {
      return use(() => pendingOut.all(contactId).map(toLoggedMessage));
    },
    async claimDelivery(messageId: string): Promise<'claimed' | 'in_doubt' | 'done'> {
      return write((): 'claimed' | 'in_doubt' | 'done' => {
        if (claim.run(messageId).changes > 0) return 'claimed';
        return statusOf.get(messageId) === 'sending' ? 'in_doubt' : 'done';
      });
    },
    async releaseDelivery(messageId: string): Promise<void> {
      await write(() => release.run(messageId));
    },
    async recordDelivery(update: DeliveryUpdate): Promise<boolean> {
      return write(() => record(update));
    },
  };
}
