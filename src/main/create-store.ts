import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../core';
import type { Store } from '../store';
import { createMongoStore, createSqliteStore } from '../store';

/**
 * Opens the store the configuration asks for: MongoDB when `MONGODB_URI` is set (connecting with
 * retries, see `createMongoStore`), else the SQLite file `parley.db` in the data directory.
 * @throws ParleyError `store.unavailable` when the store cannot be opened.
 */
export async function createStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongo !== null) {
    return createMongoStore({
      uri: config.mongo.uri,
      ...(config.mongo.dbName === null ? {} : { dbName: config.mongo.dbName }),
      logger,
    });
  }
  return createSqliteStore({
    file: path.join(config.dataDir, 'parley.db'),
    logger,
    backgroundCheckpoints: true,
  });
}
