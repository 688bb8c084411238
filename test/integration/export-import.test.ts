import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { breakdownKpi, parseKpiQuery, queryKpis } from '../../src/analytics';
import { isParleyError } from '../../src/core';
import type { Store } from '../../src/store';
import { createSqliteStore, exportStore, importStore } from '../../src/store';
import { T0, event, inbound, link, nlu, outbound, turn } from '../contract/store-fixtures';

const MIN = 60_000;

/** Runs `exportStore` into memory and returns the JSONL lines. */
async function exportLines(store: Store): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportStore(store, out, { pageSize: 7, now: () => T0 });
  out.end();
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
}

async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  yield* lines;
}

/** A store with a bit of everything: two contacts, turns, clicks, a conversion, a list, spend. */
async function seed(store: Store): Promise<void> {
  const ann = await store.ensureContact(
    { channel: 'messenger', externalId: 'psid-ann' },
    { firstName: 'Ann' },
    T0,
  );
  const bob = await store.ensureContact({ channel: 'web', externalId: 'web-bob' }, {}, T0);
  await store.updateContact(ann.id, {
    attributes: { size: 'M', 'shoe.size': 39, vip: true },
    pageId: 'page-1',
  });
  await store.appendEvents([event(ann.id, { type: 'referral', at: T0 - 5 * MIN, campaign: 'spring' })]);
  for (let i = 0; i < 6; i++) {
    const at = T0 + i * 20 * MIN;
    const c = i % 2 === 0 ? ann : bob;
    const channel = c.channel;
    const matched = i % 3 !== 0;
    await store.commitTurn(
      turn(c.id, i < 2 ? 0 : Math.floor(i / 2), {
        contactPatch: { lastInboundAt: at },
        messages: [
          inbound(c.id, { channel, at, nlu: nlu('prices', matched ? 0.9 : 0.2), text: `question ${i % 3}` }),
          outbound(c.id, { channel, at: at + 1500, flowId: 'spring-sale', stepId: 'ask-size' }),
        ],
        events: [
          event(c.id, { channel, type: 'message_received', at, data: { kind: 'text' } }),
          event(c.id, {
            channel,
            type: 'nlu_evaluated',
            at,
            intent: matched ? 'prices' : null,
            value: matched ? 0.9 : 0.2,
            data: { matched },
          }),
          event(c.id, { channel, type: 'step_reached', at, flowId: 'spring-sale', stepId: 'ask-size' }),
          event(c.id, { channel, type: 'message_sent', at: at + 1500, flowId: 'spring-sale', variant: 'B' }),
        ],
        links: i === 0 ? [link(c.id, channel)] : [],
      }),
    );
  }
  await store.appendEvents([
    event(bob.id, { channel: 'web', type: 'link_clicked', at: T0 + 30 * MIN, campaign: 'spring' }),
  ]);
  const conversion = event(ann.id, {
    type: 'conversion',
    at: T0 + 90 * MIN,
    value: 49.5,
    data: { currency: 'USD' },
  });
  expect((await store.recordConversion(conversion, 'order-1')).ok).toBe(true);
  await store.createList('l-vip', 'VIP', T0);
  await store.addToList('l-vip', [ann.id, bob.id], T0 + 1);
  await store.setSpend({ campaign: 'spring', date: '2025-01-15', amount: 120, currency: 'USD' }, T0);
  await store.setSpend({ campaign: 'summer', date: '2025-01-16', amount: 80.25, currency: 'USD' }, T0);
}

/** Everything the port can show about a store. */
async function contents(store: Store) {
  const contacts = await store.findContacts({}, null, 1000);
  return {
    contacts,
    conversations: await Promise.all(contacts.map((c) => store.getConversation(c.id, 0))),
    messages: await store.listMessages({ limit: 1000 }),
    events: await store.listEvents({ limit: 1000 }),
    lists: await store.listLists(),
    members: await store.listMembers('l-vip', null, 1000),
    spend: await store.listSpend({}),
  };
}

describe('parley export / import (SQLite → JSONL → fresh SQLite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-transfer-'));
  let source: Store;
  let target: Store;

  beforeEach(async () => {
    source = createSqliteStore({ file: path.join(dir, `source-${Date.now()}.db`), rollupIntervalMs: 0 });
    target = createSqliteStore({ file: path.join(dir, `target-${Date.now()}.db`), rollupIntervalMs: 0 });
    await seed(source);
  });
  afterEach(async () => {
    await source.close();
    await target.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves contacts, messages, events, links, lists and spend unchanged, with identical KPIs', async () => {
    const lines = await exportLines(source);
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'header',
      format: 'parley-export',
      version: 1,
      source: 'sqlite',
      exportedAt: new Date(T0).toISOString(),
    });
    const summary = await importStore(target, linesOf(lines), { batchSize: 5 });
    expect(summary.read).toMatchObject({
      contact: 2,
      message: 12,
      event: 27,
      link: 1,
      conversion: 1,
      list: 1,
      member: 2,
      spend: 2,
    });
    expect(summary.added).toBe(lines.length - 1);

    expect(await contents(target)).toEqual(await contents(source));
    const [tracked] = (await exportLines(source)).filter((l) => l.includes('"type":"link"'));
    expect(await target.getLink(JSON.parse(tracked!).value.token)).toEqual(JSON.parse(tracked!).value);

    for (const raw of [
      { from: '2025-01-15', to: '2025-01-17', granularity: 'day' },
      { from: '2025-01-15', to: '2025-01-16', tz: 'Europe/Berlin', campaign: 'spring' },
      { from: '2025-01-15T12:00:00Z', to: '2025-01-15T13:30:00Z', channel: 'messenger' },
    ]) {
      const q = parseKpiQuery(raw);
      const report = await queryKpis(source, q);
      expect(JSON.stringify(report.kpis)).toMatch(/[1-9]/);
      expect(await queryKpis(target, q)).toEqual(report);
      for (const by of ['channel', 'campaign', 'flow'] as const) {
        expect(await breakdownKpi(target, q, 'interactionsPerUser', by)).toEqual(
          await breakdownKpi(source, q, 'interactionsPerUser', by),
        );
      }
    }
    // The conversion's idempotency key came along: a replayed order is still a duplicate.
    const again = await target.recordConversion(event('x', { type: 'conversion' }), 'order-1');
    expect(again.ok).toBe(false);
  });

  it('skips what is already there when an import is run again', async () => {
    const lines = await exportLines(source);
    await importStore(target, linesOf(lines));
    const before = await contents(target);
    expect((await importStore(target, linesOf(lines))).added).toBe(0);
    expect(await contents(target)).toEqual(before);
  });

  it('refuses a file without a header, or with an invalid line, naming the line', async () => {
    const lines = await exportLines(source);
    const noHeader = await importStore(target, linesOf(lines.slice(1))).catch((e: unknown) => e);
    expect(isParleyError(noHeader, 'store.invalid_import')).toBe(true);
    expect((noHeader as Error).message).toMatch(/^Line 1:/);

    const broken = [...lines.slice(0, 3), '{"type":"contact","value":{"id":1}}', ...lines.slice(3)];
    const error = await importStore(target, linesOf(broken)).catch((e: unknown) => e);
    expect(isParleyError(error, 'store.invalid_import')).toBe(true);
    expect((error as Error).message).toMatch(/^Line 4: not a valid record/);
  });

  it('reads a file through readline like `parley import` does', async () => {
    const file = path.join(dir, 'export.jsonl');
    fs.writeFileSync(file, `${(await exportLines(source)).join('\n')}\n`);
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    await importStore(target, lines);
    expect(await contents(target)).toEqual(await contents(source));
  });
});
