import type { Database } from 'better-sqlite3';
import { ParleyError } from '../../core';
import type { Logger } from '../../core';
import type { SqliteMigration } from './sqlite-migration';

/** What {@link applyMigrations} did. */
export interface MigrationReport {
  /** Schema version before. 0 for a new database. */
  readonly from: number;
  /** Schema version after. */
  readonly to: number;
  /** Versions applied now, in order; empty when the database was up to date. */
  readonly applied: readonly number[];
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

function fail(message: string, details: object, cause?: unknown): ParleyError {
  return new ParleyError('store.migration_failed', message, { details, cause });
}

function assertOrdered(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw fail(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}`, { version: m.version });
    }
  });
}

/**
 * Brings `db` to the newest version in `migrations` (versions 1, 2, 3… in order). Each pending
 * migration runs in its own `BEGIN IMMEDIATE` transaction together with its row in
 * `schema_migrations`, so a failure leaves the database at the last good version and another
 * process migrating the same file at the same time waits and then skips what is done.
 * @throws ParleyError `store.migration_failed` when a migration throws (it is rolled back), the list
 *   is not numbered 1…n, or the database was migrated by a newer Parley than this one.
 */
export function applyMigrations(
  db: Database,
  migrations: readonly SqliteMigration[],
  logger: Logger,
): MigrationReport {
  assertOrdered(migrations);
  db.exec(migrationsTable);
  const currentVersion = db
    .prepare<[], number>('SELECT COALESCE(MAX(version), 0) FROM schema_migrations')
    .pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const latest = migrations.length;
  const from = currentVersion.get() ?? 0;
  if (from > latest) {
    throw fail(`Database schema is at version ${from}, newer than this Parley knows (${latest})`, {
      version: from,
      latest,
    });
  }
  const applied: number[] = [];
  for (const m of migrations.slice(from)) {
    const step = db.transaction(() => {
      if ((currentVersion.get() ?? 0) >= m.version) return false; // another process got here first
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(m.version, m.name, Date.now());
      return true;
    });
    const started = performance.now();
    try {
      if (!step.immediate()) continue;
    } catch (cause) {
      logger.error(
        { event: 'store.sqlite.migration_failed', version: m.version, name: m.name, err: cause },
        'Migration failed; rolled back',
      );
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw fail(
        `Migration ${m.version} (${m.name}) failed: ${reason}`,
        { version: m.version, name: m.name },
        cause,
      );
    }
    applied.push(m.version);
    const ms = Math.round(performance.now() - started);
    logger.info(
      { event: 'store.sqlite.migration_applied', version: m.version, name: m.name, ms },
      'Migration applied',
    );
  }
  return { from, to: Math.max(from, latest), applied };
}
