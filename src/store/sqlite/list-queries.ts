import { resolveQueryLimit } from '../store';
import type { EventQuery, MessageQuery } from '../store';
import { eventColumns } from './event-rows';
import { messageColumns } from './message-rows';

/** A SELECT built from a query's filters; the same filters always give the same `sql` (cacheable). */
export interface BuiltQuery {
  readonly sql: string;
  readonly params: unknown[];
}

function range(where: string[], params: unknown[], from?: number, to?: number): void {
  if (from !== undefined) {
    where.push('at >= ?');
    params.push(from);
  }
  if (to !== undefined) {
    where.push('at < ?');
    params.push(to);
  }
}

const clause = (where: readonly string[]): string =>
  where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;

/**
 * The SELECT for {@link MessageQuery}: newest first, ties broken by insertion order (latest first).
 * `matched` implies NLU-evaluated; `nluEvaluated` tests the extracted `matched` column, which is
 * non-null exactly when the message has an NLU result.
 */
export function messageListQuery(q: MessageQuery): BuiltQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.contactId !== undefined) {
    where.push('contact_id = ?');
    params.push(q.contactId);
  }
  if (q.direction !== undefined) {
    where.push('direction = ?');
    params.push(q.direction);
  }
  if (q.matched !== undefined) {
    where.push('matched = ?');
    params.push(q.matched ? 1 : 0);
  }
  if (q.nluEvaluated !== undefined) where.push(q.nluEvaluated ? 'matched IS NOT NULL' : 'matched IS NULL');
  range(where, params, q.from, q.to);
  params.push(resolveQueryLimit(q.limit));
  return {
    sql: `SELECT ${messageColumns} FROM messages ${clause(where)} ORDER BY at DESC, rowid DESC LIMIT ?`,
    params,
  };
}

/** The SELECT for {@link EventQuery}: oldest first, ties broken by insertion order. */
export function eventListQuery(q: EventQuery): BuiltQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.contactId !== undefined) {
    where.push('contact_id = ?');
    params.push(q.contactId);
  }
  if (q.types !== undefined && q.types.length > 0) {
    where.push(`type IN (${q.types.map(() => '?').join(', ')})`);
    params.push(...q.types);
  }
  range(where, params, q.from, q.to);
  params.push(resolveQueryLimit(q.limit));
  return {
    sql: `SELECT ${eventColumns} FROM events ${clause(where)} ORDER BY at, seq LIMIT ?`,
    params,
  };
}
