export { createSqliteStore } from './create-sqlite-store';
export type { SqliteStoreOptions } from './create-sqlite-store';
export { sqliteMigrations } from './sqlite-migrations';
export type { SqliteMigration } from './sqlite-migration';
