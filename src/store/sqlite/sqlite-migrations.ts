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
  seq         INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: rollups follow events by seq
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
CREATE INDEX messages_pending_out ON messages (contact_id, at) WHERE status IN ('pending', 'sending');
`;

/**
 * KPI rollups (see docs/analytics.md): counters per grain (hour with its four quarters as columns, UTC
 * day) × metric × bucket × dimensions; response-time histograms per grain × bucket × channel;
 * presence sets (the contacts of a key on a UTC day, with the quarters each was seen in) for exact
 * distinct counts; per-contact pairing state and a never-reused small integer per contact; the seq of
 * the last event rolled up; conversions by idempotency key; ad spend per campaign and day.
 */
const kpiRollups = `
CREATE TABLE kpi_counters (
  grain     INTEGER NOT NULL,
  metric    TEXT NOT NULL,
  bucket    INTEGER NOT NULL,
  channel   TEXT NOT NULL,
  flow      TEXT NOT NULL,
  step      TEXT NOT NULL,
  intent    TEXT NOT NULL,
  campaign  TEXT NOT NULL,
  variant   TEXT NOT NULL,
  list      TEXT NOT NULL,
  n         INTEGER NOT NULL,
  total     REAL NOT NULL,
  n0 INTEGER NOT NULL DEFAULT 0, n1 INTEGER NOT NULL DEFAULT 0,
  n2 INTEGER NOT NULL DEFAULT 0, n3 INTEGER NOT NULL DEFAULT 0,
  t0 REAL NOT NULL DEFAULT 0, t1 REAL NOT NULL DEFAULT 0, t2 REAL NOT NULL DEFAULT 0, t3 REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, metric, bucket, channel, flow, step, intent, campaign, variant, list)
) WITHOUT ROWID;

CREATE TABLE kpi_histograms (
  grain    INTEGER NOT NULL,
  bucket   INTEGER NOT NULL,
  channel  TEXT NOT NULL,
  bins     BLOB NOT NULL,
  PRIMARY KEY (grain, bucket, channel)
) WITHOUT ROWID;

CREATE TABLE kpi_presence (
  key      TEXT NOT NULL,
  day      INTEGER NOT NULL,
  channel  TEXT NOT NULL,
  shard    INTEGER NOT NULL,
  members  BLOB NOT NULL,
  PRIMARY KEY (key, day, channel, shard)
) WITHOUT ROWID;

CREATE TABLE kpi_contact_state (
  contact_id  TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
  ix          INTEGER NOT NULL,
  pending     TEXT NOT NULL,
  unmatched   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE kpi_watermark (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  seq      INTEGER NOT NULL,
  next_ix  INTEGER NOT NULL
);
INSERT INTO kpi_watermark (id, seq, next_ix) VALUES (1, 0, 0);

-- Conversion attribution (the contact's latest referral at or before it) in one seek.
CREATE INDEX events_referral ON events (contact_id, at) WHERE type = 'referral' AND campaign IS NOT NULL;

CREATE TABLE conversions (
  idempotency_key  TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL,
  contact_id       TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  created_at       INTEGER NOT NULL
);
CREATE INDEX conversions_contact ON conversions (contact_id);

CREATE TABLE campaign_spend (
  campaign    TEXT NOT NULL,
  date        TEXT NOT NULL,
  amount      REAL NOT NULL,
  currency    TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (campaign, date)
) WITHOUT ROWID;
`;

/** The page a contact talks to; lists of contacts; broadcasts and the messages they queued. */
const listsAndBroadcasts = `
ALTER TABLE contacts ADD COLUMN page_id TEXT;

CREATE TABLE lists (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
CREATE TABLE list_members (
  list_id     TEXT NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  added_at    INTEGER NOT NULL,
  PRIMARY KEY (list_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX list_members_contact ON list_members (contact_id);

CREATE TABLE broadcasts (
  id            TEXT PRIMARY KEY,
  list_id       TEXT,
  spec          TEXT NOT NULL,
  status        TEXT NOT NULL,
  schedule_at   INTEGER NOT NULL,
  targeted      INTEGER NOT NULL DEFAULT 0,
  queued        INTEGER NOT NULL DEFAULT 0,
  skipped       TEXT NOT NULL DEFAULT '{}',
  cursor        TEXT,
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE TABLE broadcast_messages (
  broadcast_id  TEXT NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
  message_id    TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (broadcast_id, message_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_messages_message ON broadcast_messages (message_id);
`;

/** Decisions of the training inbox, one per normalised text (no contact: texts are not personal rows). */
const inboxDecisions = `
CREATE TABLE inbox_decisions (
  key        TEXT PRIMARY KEY,
  status     TEXT NOT NULL CHECK (status IN ('done', 'ignored')),
  action     TEXT NOT NULL,
  intent     TEXT,
  predicted  TEXT,
  verdict    TEXT CHECK (verdict IN ('correct', 'wrong')),
  at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX inbox_decisions_at ON inbox_decisions (at);
`;

/**
 * The SQLite schema, oldest first. Append new migrations; never edit or reorder released ones
 * (databases in the field have recorded them by version).
 */
export const sqliteMigrations: readonly SqliteMigration[] = Object.freeze([
  { version: 1, name: 'initial-schema', up: initialSchema },
  { version: 2, name: 'jobs-and-delivery', up: jobs },
  { version: 3, name: 'kpi-rollups', up: kpiRollups },
  { version: 4, name: 'lists-and-broadcasts', up: listsAndBroadcasts },
  { version: 5, name: 'inbox-decisions', up: inboxDecisions },
]);
