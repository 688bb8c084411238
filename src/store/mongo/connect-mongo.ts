import { createConnection } from 'mongoose';
import type { Connection } from 'mongoose';
import { ParleyError } from '../../core';
import type { Logger } from '../../core';

/** Connection settings of {@link connectMongo}. */
export interface MongoConnectOptions {
  readonly uri: string;
  /** The database; default: the one named in the URI, else `parley`. */
  readonly dbName?: string;
  readonly logger: Logger;
  /** How long one attempt waits for a usable server; default 5000 ms. */
  readonly serverSelectionTimeoutMs?: number;
  /** Attempts before giving up at start-up; default 5 (waits 1 s, 2 s, 4 s, 8 s between them). */
  readonly attempts?: number;
  /** The first wait between attempts; doubles each time. Default 1000 ms. */
  readonly retryDelayMs?: number;
}

/** `mongodb://user:secret@host/db` → `mongodb://***@host/db`, for logs and errors. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

/** The database named in a MongoDB URI's path, or null. */
export function databaseOfUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens a mongoose connection (its own, not the global one) with bounded timeouts, no command
 * buffering (a call while disconnected fails fast instead of hanging) and `ignoreUndefined` (so
 * documents round-trip like JSON). Start-up retries with exponential backoff, logging each failure
 * (`store.mongo.connect_retry`); connection drops and recoveries are logged too.
 * @throws ParleyError `store.unavailable` naming the (redacted) URI after the last attempt.
 */
export async function connectMongo(options: MongoConnectOptions): Promise<Connection> {
  const { uri, logger } = options;
  const where = redactMongoUri(uri);
  const dbName = options.dbName ?? databaseOfUri(uri) ?? 'parley';
  const attempts = Math.max(1, options.attempts ?? 5);
  let delay = options.retryDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const connection = createConnection(uri, {
      dbName,
      appName: 'parley',
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
      connectTimeoutMS: 10_000,
      socketTimeoutMS: 60_000,
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
      ignoreUndefined: true,
    });
    try {
      await connection.asPromise();
      connection.on('disconnected', () =>
        logger.warn({ event: 'store.mongo.disconnected', uri: where }, 'MongoDB connection lost'),
      );
      connection.on('reconnected', () =>
        logger.info({ event: 'store.mongo.reconnected', uri: where }, 'MongoDB connection restored'),
      );
      logger.info({ event: 'store.mongo.connected', uri: where, db: dbName, attempt }, 'MongoDB connected');
      return connection;
    } catch (cause) {
      await connection.close(true).catch(() => undefined);
      const reason = cause instanceof Error ? cause.message : String(cause);
      if (attempt >= attempts) {
        logger.error(
          { event: 'store.mongo.connect_failed', uri: where, attempts, reason },
          'MongoDB unreachable',
        );
        throw new ParleyError(
          'store.unavailable',
          `Cannot connect to MongoDB at ${where} after ${attempts} attempts: ${reason}`,
          { details: { uri: where, attempts }, cause },
        );
      }
      logger.warn(
        { event: 'store.mongo.connect_retry', uri: where, attempt, attempts, retryInMs: delay, reason },
        `MongoDB not reachable (attempt ${attempt}/${attempts}); retrying in ${delay} ms`,
      );
      await sleep(delay);
      delay *= 2;
    }
  }
}
