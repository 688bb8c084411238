import mongoose from 'mongoose';
import { isParleyError } from '../../src/core';
import type { Store } from '../../src/store';
import { createMongoStore, databaseOfUri, redactMongoUri } from '../../src/store';
import { decodeAttributeKey, encodeAttributeKey } from '../../src/store/mongo/attribute-keys';
import { describeStoreContract } from './store-contract';

/** Where the suite runs: `MONGODB_URI` (e.g. `docker compose up -d mongo` → mongodb://127.0.0.1:27017/?directConnection=true). */
const MONGODB_URI = process.env.MONGODB_URI;
const SUITE = 'Store contract: mongo';
/** Every database of this run starts with it, so a crashed run's leftovers are recognisable. */
const RUN = `parley_test_${process.pid}_${Date.now().toString(36)}`;

if (MONGODB_URI === undefined || MONGODB_URI === '') {
  console.warn(
    `\n*** SKIPPED "${SUITE}" and "${SUITE} (no transactions)" (test/contract/mongo-store.test.ts): ` +
      'MONGODB_URI is not set. Run `docker compose up -d mongo` and ' +
      '`MONGODB_URI=mongodb://127.0.0.1:27017/?directConnection=true npm run test:mongo`. ***\n',
  );
  describe.skip(`${SUITE} (SKIPPED: MONGODB_URI is not set)`, () => {
    it('runs the store contract against MongoDB', () => undefined);
  });
} else {
  const uri = MONGODB_URI;
  const databases = new Map<Store, string>();
  let admin: mongoose.Connection;
  let n = 0;

  beforeAll(async () => {
    admin = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    // Leftovers of tests that failed before their cleanup ran.
    const { databases: all } = await admin.db!.admin().listDatabases({ nameOnly: true });
    for (const { name } of all) if (name.startsWith(RUN)) await admin.useDb(name).dropDatabase();
    await admin.close();
  });

  const open = (transactions: 'auto' | 'off') => async () => {
    const dbName = `${RUN}_${n++}`;
    const store = await createMongoStore({
      uri,
      dbName,
      rollupIntervalMs: 0,
      transactions,
      connectAttempts: 1,
    });
    databases.set(store, dbName);
    return store;
  };
  const drop = async (store: Store) => {
    const name = databases.get(store);
    databases.delete(store);
    if (name !== undefined) await admin.useDb(name).dropDatabase();
  };

  describeStoreContract('mongo', open('auto'), drop);
  describeStoreContract('mongo (no transactions)', open('off'), drop);
}

describe('mongo store without a server', () => {
  it('gives up after its connection attempts with store.unavailable and a redacted URI', async () => {
    const error = await createMongoStore({
      uri: 'mongodb://user:secret@127.0.0.1:9/parley',
      connectAttempts: 2,
      retryDelayMs: 10,
      serverSelectionTimeoutMs: 200,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isParleyError(error, 'store.unavailable')).toBe(true);
    expect((error as Error).message).toContain('mongodb://***@127.0.0.1:9/parley');
    expect((error as Error).message).not.toContain('secret');
  });

  it('reads the database from the URI and redacts credentials', () => {
    expect(databaseOfUri('mongodb://a:1,b:2/shop?replicaSet=rs0')).toBe('shop');
    expect(databaseOfUri('mongodb+srv://u:p@cluster.example.net/?retryWrites=true')).toBeNull();
    expect(redactMongoUri('mongodb+srv://u:p@cluster.example.net/x')).toBe(
      'mongodb+srv://***@cluster.example.net/x',
    );
  });

  it('encodes attribute names that MongoDB would read as paths or operators, reversibly', () => {
    for (const name of ['size', 'a.b', '$set', '100%', '', 'a%2Eb', 'x$']) {
      const field = encodeAttributeKey(name);
      expect(field).not.toMatch(/\.|^\$/);
      expect(decodeAttributeKey(field)).toBe(name);
    }
  });
});
