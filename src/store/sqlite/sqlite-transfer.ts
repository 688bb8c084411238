import type { Database } from 'better-sqlite3';
import type { TransferKind, TransferPage, TransferRecord, TransferStore } from '../transfer-store';
import { toContact } from './contact-rows';
import type { ContactRow } from './contact-rows';
import { conversationParams, toConversationState, upsertConversationSql } from './conversation-rows';
import type { ConversationRow } from './conversation-rows';
import { eventColumns, eventParams, insertEventSql, toLoggedEvent } from './event-rows';
import type { EventRow } from './event-rows';
import { linkParams, toTrackedLink } from './link-rows';
import type { LinkRow } from './link-rows';
import { messageColumns, messageParams, toLoggedMessage } from './message-rows';
import type { MessageRow } from './message-rows';

/** How one kind is paged: its SELECT (after `?`, limit `?`), the cursor column, and the row → record map. */
interface ExportQuery {
  readonly sql: string;
  readonly cursorOf: (row: Record<string, unknown>) => string | number;
  readonly initial: string | number;
  readonly toRecord: (row: never) => TransferRecord;
}

/* Cursors: rowid/seq for the logs (insertion order), the primary key otherwise. */
const EXPORTS: Readonly<Record<TransferKind, ExportQuery>> = {
  contact: {
    sql: 'SELECT * FROM contacts WHERE id > ? ORDER BY id LIMIT ?',
    cursorOf: (r) => String(r.id),
    initial: '',
    toRecord: (r: ContactRow) => ({ type: 'contact', value: toContact(r) }),
  },
  conversation: {
    sql: 'SELECT * FROM conversations WHERE contact_id > ? ORDER BY contact_id LIMIT ?',
    cursorOf: (r) => String(r.contact_id),
    initial: '',
    toRecord: (r: ConversationRow) => ({ type: 'conversation', value: toConversationState(r) }),
  },
  message: {
    sql: `SELECT rowid AS cursor, ${messageColumns} FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    cursorOf: (r) => Number(r.cursor),
    initial: 0,
    toRecord: (r: MessageRow) => ({ type: 'message', value: toLoggedMessage(r) }),
  },
  event: {
    sql: `SELECT seq AS cursor, ${eventColumns} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    cursorOf: (r) => Number(r.cursor),
    initial: 0,
    toRecord: (r: EventRow) => ({ type: 'event', value: toLoggedEvent(r) }),
  },
  link: {
    sql: 'SELECT * FROM links WHERE token > ? ORDER BY token LIMIT ?',
    cursorOf: (r) => String(r.token),
    initial: '',
    toRecord: (r: LinkRow) => ({ type: 'link', value: toTrackedLink(r) }),
  },
  conversion: {
    sql: `SELECT idempotency_key AS idempotencyKey, event_id AS eventId, contact_id AS contactId,
      created_at AS createdAt FROM conversions WHERE idempotency_key > ? ORDER BY idempotency_key LIMIT ?`,
    cursorOf: (r) => String(r.idempotencyKey),
    initial: '',
    toRecord: (r: { idempotencyKey: string; eventId: string; contactId: string; createdAt: number }) => ({
      type: 'conversion',
      value: { ...r },
    }),
  },
  list: {
    sql: 'SELECT id, name, created_at AS createdAt FROM lists WHERE id > ? ORDER BY id LIMIT ?',
    cursorOf: (r) => String(r.id),
    initial: '',
    toRecord: (r: { id: string; name: string; createdAt: number }) => ({ type: 'list', value: { ...r } }),
  },
  member: {
    sql: `SELECT list_id || char(0) || contact_id AS cursor, list_id AS listId, contact_id AS contactId,
      added_at AS addedAt FROM list_members WHERE list_id || char(0) || contact_id > ?
      ORDER BY list_id, contact_id LIMIT ?`,
    cursorOf: (r) => String(r.cursor),
    initial: '',
    toRecord: (r: { listId: string; contactId: string; addedAt: number }) => ({
      type: 'member',
      value: { listId: r.listId, contactId: r.contactId, addedAt: r.addedAt },
    }),
  },
  spend: {
    sql: `SELECT campaign || char(0) || date AS cursor, campaign, date, amount, currency FROM campaign_spend
      WHERE campaign || char(0) || date > ? ORDER BY campaign, date LIMIT ?`,
    cursorOf: (r) => String(r.cursor),
    initial: '',
    toRecord: (r: { campaign: string; date: string; amount: number; currency: string }) => ({
      type: 'spend',
      value: { campaign: r.campaign, date: r.date, amount: r.amount, currency: r.currency },
    }),
  },
};

/**
 * The {@link TransferStore} half of the SQLite store. Imports insert rows verbatim (`ON CONFLICT DO
 * NOTHING` on each table's key, so a re-run skips what is there); events get new `seq`s in the order
 * given, and the rollups catch up on them like on any new event.
 */
export function createSqliteTransfer(db: Database, use: <T>(fn: () => T) => T): TransferStore {
  const insert = {
    contact: db.prepare(`INSERT INTO contacts
      (id, channel, external_id, profile, attributes, subscribed, reachable, last_inbound_at, created_at, page_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    conversation: db.prepare(upsertConversationSql.replace(/ON CONFLICT[\s\S]*$/, 'ON CONFLICT DO NOTHING')),
    message: db.prepare(`INSERT INTO messages
      (id, contact_id, channel, direction, sender, kind, platform_message_id, text, payload, message,
       nlu, intent, score, matched, model_version, flow_id, step_id, status, error, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    eventExists: db.prepare('SELECT 1 FROM events WHERE id = ?').pluck(),
    event: db.prepare(insertEventSql),
    link: db.prepare(`INSERT INTO links
      (token, url, contact_id, channel, flow_id, step_id, variant, campaign, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    conversion: db.prepare(
      'INSERT INTO conversions (idempotency_key, event_id, contact_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    list: db.prepare('INSERT INTO lists (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    member: db.prepare(
      'INSERT INTO list_members (list_id, contact_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    spend: db.prepare(
      `INSERT INTO campaign_spend (campaign, date, amount, currency, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
  };

  function write(r: TransferRecord): number {
    switch (r.type) {
      case 'contact': {
        const c = r.value;
        return insert.contact.run(
          c.id,
          c.channel,
          c.externalId,
          JSON.stringify(c.profile),
          JSON.stringify(c.attributes),
          c.subscribed ? 1 : 0,
          c.reachable ? 1 : 0,
          c.lastInboundAt,
          c.createdAt,
          c.pageId,
        ).changes;
      }
      case 'conversation':
        return insert.conversation.run(...conversationParams(r.value)).changes;
      case 'message':
        return insert.message.run(...messageParams(r.value)).changes;
      case 'event':
        // Events have no unique key in SQLite: skip an id already imported, so a re-run adds nothing.
        if (insert.eventExists.get(r.value.id) !== undefined) return 0;
        return insert.event.run(...eventParams(r.value)).changes;
      case 'link':
        return insert.link.run(...linkParams(r.value)).changes;
      case 'conversion': {
        const v = r.value;
        return insert.conversion.run(v.idempotencyKey, v.eventId, v.contactId, v.createdAt).changes;
      }
      case 'list':
        return insert.list.run(r.value.id, r.value.name, r.value.createdAt).changes;
      case 'member':
        return insert.member.run(r.value.listId, r.value.contactId, r.value.addedAt).changes;
      case 'spend': {
        const s = r.value;
        return insert.spend.run(s.campaign, s.date, s.amount, s.currency, Date.now()).changes;
      }
    }
  }

  const importAll = db.transaction((records: readonly TransferRecord[]) =>
    records.reduce((n, r) => n + write(r), 0),
  );

  return {
    async exportRecords(kind, cursor, limit): Promise<TransferPage> {
      return use(() => {
        const q = EXPORTS[kind];
        const after = cursor === null ? q.initial : typeof q.initial === 'number' ? Number(cursor) : cursor;
        const rows = db.prepare(q.sql).all(after, Math.max(0, Math.trunc(limit))) as Record<
          string,
          unknown
        >[];
        const records = rows.map((row) => q.toRecord(row as never));
        const last = rows[rows.length - 1];
        return {
          records,
          cursor: last === undefined || rows.length < limit ? null : String(q.cursorOf(last)),
        };
      });
    },
    async importRecords(records) {
      // A missing contact or list fails a foreign key: `use` maps it to store.not_found.
      return use(() => importAll.immediate(records));
    },
  };
}
