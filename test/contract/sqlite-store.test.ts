import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { createSqliteStore, sqliteMigrations } from '../../src/store';
import { describeStoreContract } from './store-contract';
import { T0, event, inbound, link, outbound, turn } from './store-fixtures';

/** The version a migration appended to the shipped list gets. */
const NEXT = sqliteMigrations.length + 1;

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-contract-'));
let n = 0;

afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

describeStoreContract('sqlite :memory:', async () => createSqliteStore({ file: ':memory:' }));

describeStoreContract('sqlite file (WAL)', async () =>
  createSqliteStore({ file: path.join(tempDir, `nested-${n}`, `store-${n++}.db`) }),
);

describe('sqlite store', () => {
  const fileFor = (name: string) => path.join(tempDir, 'specific', `${name}-${n++}.db`);

  /** A logger that remembers the event names it was given. */
  function recordingLogger() {
    const events: unknown[] = [];
    const log = (obj: object) => void events.push((obj as { event?: unknown }).event);
    return { events, logger: { debug: log, info: log, warn: log, error: log } };
  }

  it('checkpoints the WAL in a background thread when asked to', async () => {
    const file = fileFor('checkpoint');
    const store = createSqliteStore({ file, backgroundCheckpoints: true });
    const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    await store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id, { channel: 'web' })] }));
    // The database file alone (without its WAL) gets the turn once a checkpoint copied it there.
    const copy = `${file}.copy`;
    const inFileAlone = () => {
      fs.copyFileSync(file, copy);
      const raw = new Database(copy, { readonly: true });
      try {
        const tables = raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'messages'");
        if ((tables.get() as { n: number }).n === 0) return 0;
        return (raw.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
      } finally {
        raw.close();
      }
    };
    const deadline = Date.now() + 10_000;
    while (inFileAlone() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(inFileAlone()).toBe(1);
    await store.close();
    const reopened = createSqliteStore({ file });
    expect(await reopened.listMessages({})).toHaveLength(1);
    await reopened.close();
  });

  it('rewinds the WAL under continuous writes instead of letting it grow', async () => {
    // A PASSIVE checkpoint alone never catches up with a writer that never pauses for long, and SQLite
    // only rewinds the WAL once one has: the file grows without bound. The thread's RESTART rewinds it.
    const file = fileFor('wal-restart');
    const { events, logger } = recordingLogger();
    const store = createSqliteStore({ file, backgroundCheckpoints: true, walRestartFrames: 50, logger });
    try {
      const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
      const until = Date.now() + 1500;
      for (let i = 0; Date.now() < until; i++) {
        await store.commitTurn(turn(ann.id, i, { messages: [inbound(ann.id, { channel: 'web' })] }));
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(events.filter((e) => e === 'store.sqlite.wal_restart').length).toBeGreaterThanOrEqual(2);
      // The WAL header's checkpoint sequence number (bytes 12–15) counts the times it was rewound.
      const header = Buffer.alloc(32);
      const fd = fs.openSync(`${file}-wal`, 'r');
      fs.readSync(fd, header, 0, 32, 0);
      fs.closeSync(fd);
      expect(header.readUInt32BE(12)).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  it('creates parent directories and opens files in WAL mode', async () => {
    const file = fileFor('wal');
    const store = createSqliteStore({ file });
    await store.ping();
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps data across a reopen of a file database', async () => {
    const file = fileFor('reopen');
    const first = createSqliteStore({ file });
    const ann = await first.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    const msg = inbound(ann.id, { channel: 'web' });
    const tracked = link(ann.id, 'web');
    await first.commitTurn(
      turn(ann.id, 0, {
        contactPatch: { attributes: { size: 'S' } },
        messages: [msg],
        events: [event(ann.id)],
        links: [tracked],
      }),
    );
    await first.close();

    const second = createSqliteStore({ file });
    expect((await second.getContact(ann.id))?.attributes).toEqual({ size: 'S' });
    expect((await second.getConversation(ann.id, T0)).version).toBe(1);
    expect(await second.listMessages({})).toEqual([msg]);
    expect(await second.listEvents({})).toHaveLength(1);
    expect(await second.getLink(tracked.token)).toEqual(tracked);
    await second.close();
  });

  it('migrates a new database once and applies nothing when reopened', async () => {
    const file = fileFor('migrate');
    let runs = 0;
    const migrations = [
      ...sqliteMigrations,
      {
        version: NEXT,
        name: 'count-runs',
        up: (db: Database.Database) => void (runs++, db.exec('CREATE TABLE extra (x)')),
      },
    ];
    const fresh = recordingLogger();
    await createSqliteStore({ file, migrations, logger: fresh.logger }).close();
    expect(fresh.events.filter((e) => e === 'store.sqlite.migration_applied')).toHaveLength(NEXT);

    const again = recordingLogger();
    await createSqliteStore({ file, migrations, logger: again.logger }).close();
    expect(runs).toBe(1);
    expect(again.events).not.toContain('store.sqlite.migration_applied');
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      ...sqliteMigrations.map((m) => ({ version: m.version, name: m.name })),
      { version: NEXT, name: 'count-runs' },
    ]);
    raw.close();
  });

  it('rolls back a failed migration, keeps the last good version and the data, and throws store.migration_failed', async () => {
    const file = fileFor('failed');
    const good = createSqliteStore({ file });
    await good.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    await good.close();
    const broken = [
      ...sqliteMigrations,
      {
        version: NEXT,
        name: 'broken',
        up: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    const { events, logger } = recordingLogger();

    expect(() => createSqliteStore({ file, migrations: broken, logger })).toThrow(
      expect.objectContaining({ code: 'store.migration_failed', details: { version: NEXT, name: 'broken' } }),
    );
    expect(events).toContain('store.sqlite.migration_failed');
    const raw = new Database(file, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('half_done');
    expect(raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(NEXT - 1);
    raw.close();
    const reopened = createSqliteStore({ file });
    expect(await reopened.findContact({ channel: 'web', externalId: 'w-1' })).not.toBeNull();
    await reopened.close();
  });

  it('refuses a database migrated by a newer version, and a misnumbered migration list', async () => {
    const file = fileFor('newer');
    const newer = [
      ...sqliteMigrations,
      { version: NEXT, name: 'from-the-future', up: 'CREATE TABLE future (x)' },
    ];
    await createSqliteStore({ file, migrations: newer }).close();
    expect(() => createSqliteStore({ file })).toThrow(
      expect.objectContaining({ code: 'store.migration_failed' }),
    );
    const gap = [...sqliteMigrations, { version: NEXT + 1, name: 'gap', up: 'SELECT 1' }];
    expect(() => createSqliteStore({ file: ':memory:', migrations: gap })).toThrow(
      expect.objectContaining({ code: 'store.migration_failed' }),
    );
  });

  it('throws store.unavailable when the file cannot be opened', () => {
    const blocker = fileFor('blocker');
    fs.mkdirSync(path.dirname(blocker), { recursive: true });
    fs.writeFileSync(blocker, 'not a directory');
    expect(() => createSqliteStore({ file: path.join(blocker, 'store.db') })).toThrow(
      expect.objectContaining({ code: 'store.unavailable' }),
    );
  });

  it('sees writes of another connection to the same file (no cached versions)', async () => {
    const file = fileFor('shared');
    const a = createSqliteStore({ file });
    const b = createSqliteStore({ file });
    const ann = await a.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    expect(await b.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0)).toEqual(ann);
    expect((await a.commitTurn(turn(ann.id, 0))).ok).toBe(true);
    expect(await b.commitTurn(turn(ann.id, 0))).toEqual({
      ok: false,
      error: { code: 'conflict', storedVersion: 1 },
    });
    await a.close();
    await b.close();
  });

  it('maps integrity failures to store errors and rejects every call after close', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    await expect(store.appendEvents([event('no-such-contact')])).rejects.toMatchObject({
      code: 'store.not_found',
    });
    const msg = outbound(ann.id);
    await store.commitTurn(turn(ann.id, 0, { messages: [msg] }));
    await expect(store.commitTurn(turn(ann.id, 1, { messages: [msg] }))).rejects.toMatchObject({
      code: 'store.constraint',
    });
    expect((await store.getConversation(ann.id, T0)).version).toBe(1);
    await store.close();
    await expect(store.getContact(ann.id)).rejects.toMatchObject({ code: 'store.unavailable' });
    await expect(store.commitTurn(turn(ann.id, 1))).rejects.toMatchObject({ code: 'store.unavailable' });
  });

  it('lists messages logged in the same millisecond latest-written first', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    const question = inbound(ann.id, { channel: 'web' });
    const answer = outbound(ann.id, { channel: 'web' });
    await store.commitTurn(turn(ann.id, 0, { messages: [question, answer] }));
    expect((await store.listMessages({})).map((m) => m.id)).toEqual([answer.id, question.id]);
    await store.close();
  });

  it('commits turns while a test has faked the timers', async () => {
    jest.useFakeTimers();
    try {
      const store = createSqliteStore({ file: ':memory:' });
      const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
      expect((await store.commitTurn(turn(ann.id, 0))).ok).toBe(true);
      await store.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes turns queued before close', async () => {
    const file = fileFor('close');
    const store = createSqliteStore({ file });
    const ann = await store.ensureContact({ channel: 'web', externalId: 'w-1' }, {}, T0);
    const pending = store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id, { channel: 'web' })] }));
    await store.close();
    expect((await pending).ok).toBe(true);
    const reopened = createSqliteStore({ file });
    expect(await reopened.listMessages({})).toHaveLength(1);
    await reopened.close();
  });

  it('accepts a pino logger', async () => {
    const store = createSqliteStore({ file: ':memory:', logger: pino({ level: 'silent' }) });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });
});
