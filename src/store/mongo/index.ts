export { createMongoStore } from './create-mongo-store';
export type { MongoStoreOptions } from './create-mongo-store';
export { databaseOfUri, redactMongoUri } from './connect-mongo';
