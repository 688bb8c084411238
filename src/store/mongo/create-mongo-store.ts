import type { Connection } from 'mongoose';
import { ParleyError, silentLogger } from '../../core';
import type { Logger } from '../../core';
import type { Store } from '../store';
import { connectMongo, redactMongoUri } from './connect-mongo';
import { createMongoAnalytics } from './mongo-analytics';
import { createMongoContacts } from './mongo-contacts';
import { createMongoContext } from './mongo-context';
import { createMongoDelivery } from './mongo-delivery';
import { createMongoInbox } from './mongo-inbox';
import { createMongoJobStore } from './mongo-job-store';
import { createMongoLists } from './mongo-lists';
import { createMongoLog } from './mongo-log';
import { createMongoRollups } from './mongo-rollups';
import { ensureMongoModels } from './mongo-schemas';
import { createMongoTransfer } from './mongo-transfer';
import { createMongoTurns } from './mongo-turns';

/** Options of {@link createMongoStore}. */
export interface MongoStoreOptions {
  /** `mongodb://` or `mongodb+srv://` URI. */
  readonly uri: string;
  /** The database; default: the one in the URI, else `parley`. */
  readonly dbName?: string;
  readonly logger?: Logger;
  /** How often KPI rollups catch up in the background; default 1000 ms, 0 = only before KPI reads. */
  readonly rollupIntervalMs?: number;
  /**
   * `auto` (default) uses transactions when the server is a replica set or sharded cluster; `off`
   * never does (tests of the fallback); `on` requires them.
   */
  readonly transactions?: 'auto' | 'on' | 'off';
  /** Start-up connection attempts (default 5) and first retry delay (default 1000 ms, doubling). */
  readonly connectAttempts?: number;
  readonly retryDelayMs?: number;
  /** How long one attempt (and later, each command) waits for a usable server; default 5000 ms. */
  readonly serverSelectionTimeoutMs?: number;
}

/** True when the server can run multi-document transactions (replica set member or mongos). */
async function supportsTransactions(connection: Connection): Promise<boolean> {
  const db = connection.db;
  if (db === undefined) return false;
  const hello = (await db.admin().command({ hello: 1 })) as { setName?: unknown; msg?: unknown };
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/**
 * The MongoDB {@link Store} (mongoose): connects (retrying at start-up, see {@link connectMongo}),
 * creates the collections and indexes declared in mongo-schemas.ts, and detects transaction support.
 * Passes the same contract suite as the SQLite store. With a replica set every multi-document write
 * (turn, delivery outcome, conversion, contact deletion, rollup batch, import) is one transaction;
 * on a standalone server the same writes run without one (see `createMongoTurns` for what that means).
 * @throws ParleyError `store.unavailable` when MongoDB cannot be reached, or `transactions: 'on'`
 *   is asked of a server without them.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const connection = await connectMongo({
    uri: options.uri,
    logger,
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
    ...(options.connectAttempts === undefined ? {} : { attempts: options.connectAttempts }),
    ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
    ...(options.serverSelectionTimeoutMs === undefined
      ? {}
      : { serverSelectionTimeoutMs: options.serverSelectionTimeoutMs }),
  });
  try {
    const db = connection.db;
    if (db === undefined) throw new ParleyError('store.unavailable', 'MongoDB connection has no database');
    const mode = options.transactions ?? 'auto';
    const transactions = mode !== 'off' && (await supportsTransactions(connection));
    if (mode === 'on' && !transactions)
      throw new ParleyError(
        'store.unavailable',
        'MongoDB transactions need a replica set or a sharded cluster',
      );
    if (!transactions && mode === 'auto')
      logger.warn(
        { event: 'store.mongo.no_transactions', uri: redactMongoUri(options.uri) },
        'MongoDB is a standalone server: turns are written without transactions (use a replica set in production)',
      );
    await ensureMongoModels(connection);
    return buildStore(connection, db, transactions, logger, options.rollupIntervalMs ?? 1000);
  } catch (e) {
    await connection.close(true).catch(() => undefined);
    throw e;
  }
}

function buildStore(
  connection: Connection,
  db: NonNullable<Connection['db']>,
  transactions: boolean,
  logger: Logger,
  rollupIntervalMs: number,
): Store {
  const ctx = createMongoContext(connection, db, transactions);
  const rollups = createMongoRollups(ctx);
  const timer =
    rollupIntervalMs > 0
      ? setInterval(() => {
          if (ctx.closed) return;
          rollups.tick().catch((e: unknown) => {
            // A failed tick is retried by the next one or by the next KPI read.
            logger.debug({ event: 'store.mongo.rollup_failed', err: e }, 'KPI rollup tick failed');
          });
        }, rollupIntervalMs)
      : null;
  timer?.unref();
  const commitTurn = createMongoTurns(ctx);

  return {
    kind: 'mongo',
    ...createMongoJobStore(ctx),
    ...createMongoAnalytics(ctx, rollups),
    ...createMongoDelivery(ctx),
    ...createMongoLists(ctx),
    ...createMongoTransfer(ctx),
    ...createMongoContacts(ctx, () => rollups.catchUp()),
    ...createMongoLog(ctx),
    ...createMongoInbox(ctx),
    async ping() {
      await ctx.use(() => db.command({ ping: 1 }));
    },
    async close() {
      if (ctx.closed) return;
      ctx.markClosed();
      if (timer !== null) clearInterval(timer);
      await connection.close();
      logger.debug({ event: 'store.mongo.closed' }, 'MongoDB store closed');
    },
    commitTurn,
  };
}
