import type { Database } from 'better-sqlite3';
import type { InboxDecision, InboxDecisionQuery, InboxStore } from '../inbox-store';

interface DecisionRow {
  readonly key: string;
  readonly status: InboxDecision['status'];
  readonly action: InboxDecision['action'];
  readonly intent: string | null;
  readonly predicted: string | null;
  readonly verdict: InboxDecision['verdict'];
  readonly at: number;
}

const toDecision = (r: DecisionRow): InboxDecision => ({
  key: r.key,
  status: r.status,
  action: r.action,
  intent: r.intent,
  predicted: r.predicted,
  verdict: r.verdict,
  at: r.at,
});

/** SQLite caps bound parameters; key lists are sent in chunks well under the cap. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The {@link InboxStore} half of the SQLite store: the `inbox_decisions` table (migration 5). */
export function createSqliteInbox(db: Database, use: <T>(fn: () => T) => T): InboxStore {
  const upsert = db.prepare(
    `INSERT INTO inbox_decisions (key, status, action, intent, predicted, verdict, at)
     VALUES (@key, @status, @action, @intent, @predicted, @verdict, @at)
     ON CONFLICT (key) DO UPDATE SET status = excluded.status, action = excluded.action,
       intent = excluded.intent, predicted = excluded.predicted, verdict = excluded.verdict, at = excluded.at`,
  );
  const remove = db.prepare('DELETE FROM inbox_decisions WHERE key = ?');
  const saveAll = db.transaction((decisions: readonly InboxDecision[]) => {
    for (const d of decisions) upsert.run({ ...d });
  });
  const removeAll = db.transaction((keys: readonly string[]) =>
    keys.reduce((n, key) => n + remove.run(key).changes, 0),
  );

  const select = (query: InboxDecisionQuery, keys: readonly string[] | null): DecisionRow[] => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (keys !== null) {
      where.push(`key IN (${keys.map(() => '?').join(', ')})`);
      params.push(...keys);
    }
    if (query.from !== undefined) {
      where.push('at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('at < ?');
      params.push(query.to);
    }
    const sql = `SELECT * FROM inbox_decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY key`;
    return db.prepare<unknown[], DecisionRow>(sql).all(...params);
  };

  return {
    async saveInboxDecisions(decisions) {
      use(() => saveAll.immediate(decisions));
    },
    async listInboxDecisions(query) {
      return use(() => {
        if (query.keys === undefined) return select(query, null).map(toDecision);
        const unique = [...new Set(query.keys)];
        const rows = chunks(unique).flatMap((part) => select(query, part));
        return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(toDecision);
      });
    },
    async deleteInboxDecisions(keys) {
      return use(() => removeAll.immediate([...new Set(keys)]));
    },
  };
}
