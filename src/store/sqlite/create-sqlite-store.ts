import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { contactKey, ParleyError, initialConversationState, silentLogger } from '../../core';
import type { Contact, LoggedEvent, Logger } from '../../core';
import type { Store } from '../store';
import { applyMigrations } from './apply-migrations';
import { createWriteTurn } from './commit-turn';
import { contactPatchParams, toContact } from './contact-rows';
import { toConversationState } from './conversation-rows';
import { eventParams, toLoggedEvent } from './event-rows';
import type { EventRow } from './event-rows';
import { toTrackedLink } from './link-rows';
import { eventListQuery, messageListQuery } from './list-queries';
import { toLoggedMessage } from './message-rows';
import type { MessageRow } from './message-rows';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from './open-database';
import type { SqliteMigration } from './sqlite-migration';
import { sqliteMigrations } from './sqlite-migrations';
import { prepareStatements } from './sqlite-statements';
import { toStoreError } from './to-store-error';
import { createWriteBatcher } from './write-batcher';
import { createSqliteDelivery } from './sqlite-delivery';
import { createSqliteJobStore } from './sqlite-job-store';
import { createSqliteLists } from './sqlite-lists';
import { createSqliteAnalytics } from './sqlite-analytics';
import { createSqliteInbox } from './sqlite-inbox';
import { createSqliteTransfer } from './sqlite-transfer';
import { startCheckpointer } from './start-checkpointer';
import type { Checkpointer } from './start-checkpointer';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Path of the database file (parent directories are created), or `':memory:'` for a private one. */
  readonly file: string;
  readonly logger?: Logger;
  /** How long to wait for another process's write lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** The schema to migrate to; default {@link sqliteMigrations}. Tests and tools only. */
  readonly migrations?: readonly SqliteMigration[];
  /** How often KPI rollups catch up in the background; default 250 ms, 0 = only before KPI reads. */
  readonly rollupIntervalMs?: number;
  /**
   * Checkpoint the WAL in a worker thread instead of on commit (see {@link startCheckpointer}), so
   * no commit blocks the event loop on fsync. Default false (tests, tools); servers turn it on.
   */
  readonly backgroundCheckpoints?: boolean;
  /** With background checkpoints: WAL frames after which the WAL is rewound (default 4000). Tests only. */
  readonly walRestartFrames?: number;
}

/**
 * The default {@link Store}: one better-sqlite3 connection, migrated on open, statements prepared
 * once. Calls run synchronously inside the returned promise, so calls from one process never
 * interleave; several processes may share a file (WAL, `BEGIN IMMEDIATE` writes, busy timeout).
 * @throws ParleyError `store.unavailable` when the file cannot be opened; `store.migration_failed`
 *   when the schema cannot be brought up to date (the failed migration is rolled back).
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const logger = options.logger ?? silentLogger;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = openDatabase(options.file, busyTimeoutMs, logger);
  try {
    applyMigrations(db, options.migrations ?? sqliteMigrations, logger);
  } catch (e) {
    db.close();
    throw e;
  }
  const checkpointer =
    options.backgroundCheckpoints === true && options.file !== ':memory:'
      ? startCheckpointer(db, busyTimeoutMs, logger, options.walRestartFrames)
      : null;
  return buildStore(db, options.file, logger, options.rollupIntervalMs, checkpointer);
}

function buildStore(
  db: Database,
  file: string,
  logger: Logger,
  rollupIntervalMs: number | undefined,
  checkpointer: Checkpointer | null,
): Store {
  const s = prepareStatements(db);
  const writeTurn = createWriteTurn(db, s);
  const batcher = createWriteBatcher(db);
  /** Queues a small write for the next group commit (see {@link createWriteBatcher}). */
  const write = <T>(fn: () => T): Promise<T> => {
    if (!db.open) {
      return Promise.reject(
        new ParleyError('store.unavailable', 'The SQLite store is closed', { details: { file } }),
      );
    }
    return batcher.submit(fn);
  };
  const listCache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string): Statement<unknown[]> => {
    let stmt = listCache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      listCache.set(sql, stmt);
    }
    return stmt;
  };
  const insertEvents = db.transaction((events: readonly LoggedEvent[]) => {
    for (const e of events) s.insertEvent.run(eventParams(e));
  });
  const deleteJobsOf = db.prepare("DELETE FROM jobs WHERE ordering_key = ? AND status = 'pending'");
  const deleteAll = db.transaction((id: string): boolean => {
    const row = s.contactById.get(id);
    // Queued work for the contact goes too: nothing of theirs is processed after they are deleted.
    if (row) deleteJobsOf.run(contactKey(row.channel, row.external_id));
    for (const stmt of s.deleteContactRows) stmt.run(id);
    return s.deleteContact.run(id).changes > 0;
  });

  /** Runs `fn` against the open connection, mapping failures to ParleyErrors. */
  function use<T>(fn: () => T): T {
    if (!db.open)
      throw new ParleyError('store.unavailable', 'The SQLite store is closed', { details: { file } });
    try {
      return fn();
    } catch (e) {
      throw toStoreError(e);
    }
  }

  const findByKey = (channel: string, externalId: string): Contact | null => {
    const row = s.contactByKey.get(channel, externalId);
    return row === undefined ? null : toContact(row);
  };

  const analytics = createSqliteAnalytics(db, use, rollupIntervalMs);

  return {
    kind: 'sqlite',
    ...createSqliteJobStore(db, s, use, write),
    ...analytics.methods,
    ...createSqliteDelivery(db, s, use, write),
    ...createSqliteLists(db, use),
    ...createSqliteInbox(db, use),
    ...createSqliteTransfer(db, use),
    async ping() {
      use(() => s.ping.get());
    },
    async close() {
      if (!db.open) return;
      await checkpointer?.stop();
      if (!db.open) return;
      analytics.stop();
      batcher.flush();
      db.close();
      logger.debug({ event: 'store.sqlite.closed', file }, 'SQLite store closed');
    },
    async ensureContact(key, profile, now) {
      return use(() => {
        const existing = findByKey(key.channel, key.externalId);
        if (existing !== null) return existing;
        // ON CONFLICT DO NOTHING: another process may create the same contact between the two reads.
        s.insertContact.run(randomUUID(), key.channel, key.externalId, JSON.stringify(profile), now);
        const created = findByKey(key.channel, key.externalId);
        if (created === null)
          throw new ParleyError('internal', 'Contact vanished right after it was created');
        return created;
      });
    },
    async getContact(id) {
      return use(() => {
        const row = s.contactById.get(id);
        return row === undefined ? null : toContact(row);
      });
    },
    async findContact(key) {
      return use(() => findByKey(key.channel, key.externalId));
    },
    async updateContact(id, patch) {
      return use(() => {
        const row = s.updateContact.get(contactPatchParams(id, patch));
        if (row === undefined)
          throw new ParleyError('store.not_found', `No contact ${id}`, { details: { id } });
        return toContact(row);
      });
    },
    async deleteContact(id) {
      return use(() => deleteAll.immediate(id));
    },
    async getConversation(contactId, now) {
      return use(() => {
        const row = s.conversation.get(contactId);
        return row === undefined ? initialConversationState(contactId, now) : toConversationState(row);
      });
    },
    async hasMessage(channel, platformMessageId) {
      return use(() => s.hasMessage.get(channel, platformMessageId) !== undefined);
    },
    async listMessages(query) {
      return use(() => {
        const q = messageListQuery(query);
        return (prepared(q.sql).all(...q.params) as MessageRow[]).map(toLoggedMessage);
      });
    },
    async appendEvents(events) {
      await write(() => insertEvents(events));
    },
    async listEvents(query) {
      return use(() => {
        const q = eventListQuery(query);
        return (prepared(q.sql).all(...q.params) as EventRow[]).map(toLoggedEvent);
      });
    },
    async getLink(token) {
      return use(() => {
        const row = s.link.get(token);
        return row === undefined ? null : toTrackedLink(row);
      });
    },
    async commitTurn(turn) {
      return write(() => writeTurn(turn));
    },
  };
}
