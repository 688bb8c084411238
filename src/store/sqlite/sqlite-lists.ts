import type { Database } from 'better-sqlite3';
import type { Contact } from '../../core';
import { ParleyError } from '../../core';
import type {
  Broadcast,
  BroadcastProgress,
  BroadcastSpec,
  ContactFilter,
  ContactList,
  ListStore,
} from '../list-store';
import { toContact } from './contact-rows';
import type { ContactRow } from './contact-rows';

interface ListRow {
  readonly id: string;
  readonly name: string;
  readonly created_at: number;
  readonly size: number;
}

interface BroadcastRow {
  readonly id: string;
  readonly spec: string;
  readonly status: Broadcast['status'];
  readonly targeted: number;
  readonly queued: number;
  readonly skipped: string;
  readonly cursor: string | null;
  readonly created_at: number;
  readonly finished_at: number | null;
  readonly pending: number;
  readonly sent: number;
  readonly failed: number;
}

const toList = (r: ListRow): ContactList => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  size: r.size,
});

const LIST_SELECT = `SELECT l.id, l.name, l.created_at,
  (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) AS size FROM lists l`;

/** Attribute names are checked before they reach SQL (they are JSON paths). */
const ATTRIBUTE_NAME = /^[A-Za-z_][\w.-]{0,63}$/;

function filterSql(filter: ContactFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.channel) {
    where.push('channel = ?');
    params.push(filter.channel);
  }
  if (filter.subscribed !== undefined) {
    where.push('subscribed = ?');
    params.push(filter.subscribed ? 1 : 0);
  }
  for (const [name, value] of Object.entries(filter.attributes ?? {})) {
    if (!ATTRIBUTE_NAME.test(name))
      throw new ParleyError('api.bad_request', `Invalid attribute name "${name}"`);
    where.push(`json_extract(attributes, ?) = ?`);
    params.push(`$."${name}"`, typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }
  return { where, params };
}

/** The lists-and-broadcasts half of the SQLite store. */
export function createSqliteLists(db: Database, use: <T>(fn: () => T) => T): ListStore {
  const insertList = db.prepare(
    'INSERT INTO lists (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const listBy = db.prepare<[string, string], ListRow>(`${LIST_SELECT} WHERE l.id = ? OR l.name = ?`);
  const allLists = db.prepare<[], ListRow>(`${LIST_SELECT} ORDER BY l.name`);
  const addMember = db.prepare(
    `INSERT INTO list_members (list_id, contact_id, added_at)
     SELECT ?, id, ? FROM contacts WHERE id = ? ON CONFLICT DO NOTHING`,
  );
  const removeMember = db.prepare('DELETE FROM list_members WHERE list_id = ? AND contact_id = ?');
  const members = db.prepare<[string, string, number], ContactRow>(
    `SELECT c.* FROM list_members m JOIN contacts c ON c.id = m.contact_id
     WHERE m.list_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
  );
  const insertBroadcast = db.prepare(
    `INSERT INTO broadcasts (id, list_id, spec, status, schedule_at, created_at) VALUES (?, ?, ?, 'scheduled', ?, ?)`,
  );
  const broadcastRow = db.prepare<[string], BroadcastRow>(
    `SELECT b.*,
       (SELECT COUNT(*) FROM broadcast_messages x JOIN messages m ON m.id = x.message_id
          WHERE x.broadcast_id = b.id AND m.status IN ('pending', 'sending')) AS pending,
       (SELECT COUNT(*) FROM broadcast_messages x JOIN messages m ON m.id = x.message_id
          WHERE x.broadcast_id = b.id AND m.status = 'sent') AS sent,
       (SELECT COUNT(*) FROM broadcast_messages x JOIN messages m ON m.id = x.message_id
          WHERE x.broadcast_id = b.id AND m.status = 'failed') AS failed
     FROM broadcasts b WHERE b.id = ?`,
  );
  const skippedOf = db.prepare<[string], string>('SELECT skipped FROM broadcasts WHERE id = ?').pluck();
  const progress = db.prepare(
    'UPDATE broadcasts SET targeted = targeted + ?, skipped = ?, cursor = ? WHERE id = ?',
  );
  const status = db.prepare(
    "UPDATE broadcasts SET status = ?, finished_at = CASE WHEN ? = 'done' THEN ? ELSE finished_at END WHERE id = ?",
  );
  const addMany = db.transaction((listId: string, ids: readonly string[], now: number) =>
    ids.reduce((n, id) => n + addMember.run(listId, now, id).changes, 0),
  );
  const removeMany = db.transaction((listId: string, ids: readonly string[]) =>
    ids.reduce((n, id) => n + removeMember.run(listId, id).changes, 0),
  );
  const recordProgress = db.transaction((id: string, p: BroadcastProgress) => {
    const skipped = JSON.parse(skippedOf.get(id) ?? '{}') as Record<string, number>;
    for (const [reason, n] of Object.entries(p.skipped)) skipped[reason] = (skipped[reason] ?? 0) + (n ?? 0);
    progress.run(p.targeted, JSON.stringify(skipped), p.cursor, id);
  });
  const toBroadcast = (r: BroadcastRow): Broadcast => ({
    id: r.id,
    spec: JSON.parse(r.spec) as BroadcastSpec,
    status: r.status,
    targeted: r.targeted,
    queued: r.queued,
    skipped: JSON.parse(r.skipped) as Broadcast['skipped'],
    delivery: { pending: r.pending, sent: r.sent, failed: r.failed },
    cursor: r.cursor,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  });

  return {
    async createList(id, name, now) {
      return use(() => {
        if (insertList.run(id, name, now).changes === 0) {
          throw new ParleyError('store.conflict', `A list named "${name}" exists`, { details: { name } });
        }
        return toList(listBy.get(id, id)!);
      });
    },
    async getList(idOrName) {
      return use(() => {
        const row = listBy.get(idOrName, idOrName);
        return row ? toList(row) : null;
      });
    },
    async listLists() {
      return use(() => allLists.all().map(toList));
    },
    async addToList(listId, contactIds, now) {
      return use(() => addMany.immediate(listId, contactIds, now));
    },
    async removeFromList(listId, contactIds) {
      return use(() => removeMany.immediate(listId, contactIds));
    },
    async findContacts(filter, afterId, limit): Promise<Contact[]> {
      return use(() => {
        const { where, params } = filterSql(filter);
        where.push('id > ?');
        const sql = `SELECT * FROM contacts WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`;
        return (db.prepare(sql).all(...params, afterId ?? '', limit) as ContactRow[]).map(toContact);
      });
    },
    async listMembers(listId, afterId, limit) {
      return use(() => members.all(listId, afterId ?? '', limit).map(toContact));
    },
    async createBroadcast(id, spec, now) {
      return use(() => {
        insertBroadcast.run(id, spec.listId, JSON.stringify(spec), spec.scheduleAt, now);
        return toBroadcast(broadcastRow.get(id)!);
      });
    },
    async getBroadcast(id) {
      return use(() => {
        const row = broadcastRow.get(id);
        return row ? toBroadcast(row) : null;
      });
    },
    async recordBroadcastProgress(id, p) {
      use(() => recordProgress.immediate(id, p));
    },
    async setBroadcastStatus(id, next, now) {
      use(() => status.run(next, next, now, id));
    },
  };
}
