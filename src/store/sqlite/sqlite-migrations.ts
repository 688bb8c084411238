import type { SqliteMigration } from './sqlite-migration';

/*
 * Conventions: epoch-ms INTEGER times, 0/1 INTEGER booleans, JSON as TEXT. Every table that belongs
 * to a contact has `contact_id REFERENCES contacts(id) ON DELETE CASCADE` plus an index starting with
 * `contact_id`, so deleting a contact is cheap and complete. Later tables (rollups, inbox, lists,
 * broadcasts) are new entries at the end of the list.
 */

const initialSchema = `
CREATE TABLE contacts (
  id              TEXT PRIMARY KEY,
  channel         TEXT NOT NULL,
  external_id     TEXT NOT NULL,
  profile         TEXT NOT NULL DEFAULT '{}',
  attributes      TEXT NOT NULL DEFAULT '{}',
  subscribed      INTEGER NOT NULL DEFAULT 1,
  reachable       INTEGER NOT NULL DEFAULT 1,
  last_inbound_at INTEGER,
  created_at      INTEGER NOT NULL,
  UNIQUE (channel, external_id)
);

CREATE TABLE conversations (
  contact_id    TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
  flow          TEXT,
  paused_until  INTEGER,
  last_intent   TEXT,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE messages (
  id                  TEXT PRIMARY KEY,
  contact_id          TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel             TEXT NOT NULL,
  direction           TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  sender              TEXT NOT NULL,
  kind                TEXT NOT NULL,
  platform_message_id TEXT,
  text                TEXT,
  payload             TEXT,
  message             TEXT,
  nlu                 TEXT,
  intent              TEXT,
  score               REAL,
  matched             INTEGER,
  model_version       TEXT,
  flow_id             TEXT,
  step_id             TEXT,
  status              TEXT NOT NULL,
  error               TEXT,
  at                  INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_platform_id ON messages (channel, platform_message_id)
  WHERE platform_message_id IS NOT NULL;
CREATE INDEX messages_contact_at ON messages (contact_id, at);
CREATE INDEX messages_at ON messages (at);
CREATE INDEX messages_matched_at ON messages (matched, at) WHERE matched IS NOT NULL;

CREATE TABLE events (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL,
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel     TEXT NOT NULL,
  flow_id     TEXT,
  step_id     TEXT,
  intent      TEXT,
  campaign    TEXT,
  variant     TEXT,
  list        TEXT,
  value       REAL,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_contact_at ON events (contact_id, at);
CREATE INDEX events_type_at ON events (type, at);

CREATE TABLE links (
  token       TEXT PRIMARY KEY,
  url         TEXT NOT NULL,
  contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel     TEXT NOT NULL,
  flow_id     TEXT,
  step_id     TEXT,
  variant     TEXT,
  campaign    TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX links_contact ON links (contact_id);
`;

/** Durable jobs of the in-process queue (acknowledged webhooks, pending sends). */
const jobs = `
CREATE TABLE jobs (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  queue         TEXT NOT NULL,
  ordering_key  TEXT,
  data          TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  run_at        INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dead')),
  last_error    TEXT,
  failed_at     INTEGER
);
CREATE INDEX jobs_queue_status ON jobs (queue, status, seq);
CREATE INDEX messages_pending_out ON messages (contact_id, at) WHERE status = 'pending';
`;

/**
 * The SQLite schema, oldest first. Append new migrations; never edit or reorder released ones
 * (databases in the field have recorded them by version).
 */
export const sqliteMigrations: readonly SqliteMigration[] = Object.freeze([
  { version: 1, name: 'initial-schema', up: initialSchema },
  { version: 2, name: 'jobs-and-delivery', up: jobs },
]);
