import type { Database, Statement } from 'better-sqlite3';
import { insertContactSql, updateContactSql } from './contact-rows';
import type { ContactPatchParams, ContactRow } from './contact-rows';
import { upsertConversationSql } from './conversation-rows';
import type { ConversationRow } from './conversation-rows';
import { insertEventSql } from './event-rows';
import { deleteJobSql, insertJobSql } from './job-rows';
import { insertLinkSql } from './link-rows';
import type { LinkRow } from './link-rows';
import { insertMessageSql } from './message-rows';

/** What a turn needs to know first: does the contact exist, and which version is stored. */
export interface TurnHeadRow {
  readonly version: number | null;
}

/** Every fixed statement the store runs, prepared once per connection. */
export interface SqliteStatements {
  readonly ping: Statement<[], number>;
  readonly contactById: Statement<[string], ContactRow>;
  readonly contactByKey: Statement<[string, string], ContactRow>;
  readonly insertContact: Statement<[string, string, string, string, number]>;
  readonly updateContact: Statement<[ContactPatchParams], ContactRow>;
  /** {@link updateContact} without reading the row back, for turns. */
  readonly patchContact: Statement<[ContactPatchParams]>;
  readonly conversation: Statement<[string], ConversationRow>;
  readonly turnHead: Statement<[string], TurnHeadRow>;
  readonly upsertConversation: Statement<unknown[]>;
  readonly insertMessage: Statement<unknown[]>;
  readonly hasMessage: Statement<[string, string], number>;
  readonly insertEvent: Statement<unknown[]>;
  readonly insertLink: Statement<unknown[]>;
  readonly link: Statement<[string], LinkRow>;
  readonly insertJob: Statement<unknown[]>;
  readonly deleteJob: Statement<[string]>;
  readonly deleteContactRows: readonly Statement<[string]>[];
  readonly deleteContact: Statement<[string]>;
}

/** Prepares {@link SqliteStatements} on a migrated database. */
export function prepareStatements(db: Database): SqliteStatements {
  const ofContact = (table: string): Statement<[string]> =>
    db.prepare(`DELETE FROM ${table} WHERE contact_id = ?`);
  return {
    ping: db.prepare<[], number>('SELECT 1').pluck(),
    contactById: db.prepare('SELECT * FROM contacts WHERE id = ?'),
    contactByKey: db.prepare('SELECT * FROM contacts WHERE channel = ? AND external_id = ?'),
    insertContact: db.prepare(insertContactSql),
    updateContact: db.prepare(updateContactSql),
    patchContact: db.prepare(updateContactSql.replace(/\s+RETURNING \*$/, '')),
    conversation: db.prepare('SELECT * FROM conversations WHERE contact_id = ?'),
    turnHead: db.prepare(
      'SELECT v.version AS version FROM contacts c LEFT JOIN conversations v ON v.contact_id = c.id WHERE c.id = ?',
    ),
    upsertConversation: db.prepare(upsertConversationSql),
    insertMessage: db.prepare(insertMessageSql),
    hasMessage: db
      .prepare<[string, string], number>(
        'SELECT 1 FROM messages WHERE channel = ? AND platform_message_id = ?',
      )
      .pluck(),
    insertEvent: db.prepare(insertEventSql),
    insertLink: db.prepare(insertLinkSql),
    link: db.prepare('SELECT * FROM links WHERE token = ?'),
    insertJob: db.prepare(insertJobSql),
    deleteJob: db.prepare(deleteJobSql),
    deleteContactRows: ['messages', 'events', 'links', 'conversations', 'list_members'].map(ofContact),
    deleteContact: db.prepare('DELETE FROM contacts WHERE id = ?'),
  };
}
