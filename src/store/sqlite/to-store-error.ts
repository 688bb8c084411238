import { ParleyError } from '../../core';

/**
 * Maps a failure inside the SQLite store to a {@link ParleyError}: a missing referenced contact →
 * `store.not_found`; another integrity rule (a reused message or event id) → `store.constraint`;
 * anything else SQLite reports (busy, I/O, disk full, read-only, closed) → `store.unavailable`.
 * ParleyErrors pass through unchanged; other errors are programming errors and pass through too.
 */
export function toStoreError(e: unknown): unknown {
  if (e instanceof ParleyError) return e;
  if (isSqliteError(e)) {
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new ParleyError('store.not_found', 'A referenced contact does not exist', { cause: e });
    }
    if (e.code.startsWith('SQLITE_CONSTRAINT')) {
      return new ParleyError('store.constraint', `Write refused: ${e.message}`, {
        details: { sqlite: e.code },
        cause: e,
      });
    }
    return new ParleyError('store.unavailable', `SQLite failed: ${e.message}`, {
      details: { sqlite: e.code },
      cause: e,
    });
  }
  return e;
}

/**
 * Recognises better-sqlite3's errors by shape: `instanceof` fails across realms and module registries
 * (test runners load modules in sandboxes), the name and code do not.
 */
function isSqliteError(e: unknown): e is Error & { code: string } {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string';
}
