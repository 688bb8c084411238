export { QUERY_LIMITS, resolveQueryLimit } from './store';
export type {
  ContactKey,
  DeadJob,
  DeliveryUpdate,
  JobStore,
  StoredJob,
  EventQuery,
  MessageQuery,
  Store,
  Turn,
  TurnRejection,
} from './store';
export { createSqliteStore, sqliteMigrations } from './sqlite';
export type { SqliteMigration, SqliteStoreOptions } from './sqlite';
