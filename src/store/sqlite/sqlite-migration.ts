import type { Database } from 'better-sqlite3';

/**
 * One step of the SQLite schema. Versions start at 1 and increase by one; a released migration is
 * never edited, only followed by a new one. `up` is SQL run with `exec`, or a function for steps that
 * need to move data; either way it runs inside the transaction that records it.
 */
export interface SqliteMigration {
  readonly version: number;
  /** Short kebab-case description, recorded next to the version. */
  readonly name: string;
  readonly up: string | ((db: Database) => void);
}
