/*
 * npm run bench:kpis [-- --events N] [--keep] — ingest N events (default 10 M) across 100k contacts and 180
 * days into a fresh SQLite file, with and without rollups, then time KPI queries (7/30/90 days × every
 * granularity). JSON on stdout, a summary and a progress bar on stderr. `--keep` leaves the databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { parseKpiQuery, queryKpis } from '../src/analytics';
import type { Channel, LoggedEvent } from '../src/core';
import { createSqliteStore } from '../src/store';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('events', 10_000_000);
const CONTACTS = Math.min(100_000, Math.max(100, Math.floor(EVENTS / 100)));
const DAYS = 180;
const END = Date.UTC(2026, 5, 1);
const START = END - DAYS * 86_400_000;
const CHANNELS: Channel[] = ['web', 'messenger', 'instagram'];
const INTENTS = ['shipping', 'returns', 'pricing', 'hours', 'discounts', 'sizes'];

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** One session of a contact: a few exchanges within minutes (message, NLU, reply; sometimes a click, capture, conversion). */
function* session(contactId: string, channel: Channel, at: number): Generator<LoggedEvent> {
  const base = {
    contactId,
    channel,
    flowId: null,
    stepId: null,
    intent: null,
    campaign: null,
    variant: null,
    list: null,
    value: null,
    data: {},
  };
  const ev = (type: LoggedEvent['type'], t: number, extra: Partial<LoggedEvent> = {}): LoggedEvent => ({
    ...base,
    id: randomUUID(),
    type,
    at: t,
    ...extra,
  });
  if (rand() < 0.2) yield ev('referral', at, { campaign: pick(['spring', 'ad-1', 'ad-2', 'qr-store']) });
  const exchanges = 1 + Math.floor(rand() * 5);
  let t = at;
  for (let i = 0; i < exchanges; i++) {
    const kind = rand() < 0.7 ? 'text' : 'quick_reply';
    yield ev('message_received', t, { data: { kind } });
    if (kind === 'text') {
      const matched = rand() < 0.8;
      yield ev('nlu_evaluated', t, { intent: pick(INTENTS), value: matched ? 0.9 : 0.3, data: { matched } });
    }
    const flow = rand() < 0.4 ? 'lead' : null;
    if (flow)
      yield ev('step_reached', t, {
        flowId: flow,
        stepId: pick(['ask_email', 'ask_size', 'offer']),
        variant: pick(['a', 'b']),
      });
    yield ev('message_sent', t + 200 + Math.floor(rand() * 3000));
    if (rand() < 0.1)
      yield ev('link_clicked', t + 5000, { flowId: flow, variant: flow ? pick(['a', 'b']) : null });
    if (rand() < 0.05) yield ev('attribute_captured', t + 6000, { flowId: 'lead', stepId: 'ask_email' });
    if (rand() < 0.02) yield ev('conversion', t + 9000, { value: Math.round(rand() * 10000) / 100 });
    t += 10_000 + Math.floor(rand() * 60_000);
  }
  if (rand() < 0.01) yield ev('unsubscribed', t);
}

async function ingest(
  file: string,
  rollups: boolean,
  ids: string[],
  channels: Channel[],
  bar: SingleBar | null,
) {
  const store = createSqliteStore({ file, rollupIntervalMs: 0 });
  if (ids.length === 0) {
    for (let i = 0; i < CONTACTS; i++) {
      const c = CHANNELS[i % 3]!;
      ids.push((await store.ensureContact({ channel: c, externalId: `c${i}` }, {}, START)).id);
      channels.push(c);
    }
  } else {
    for (let i = 0; i < CONTACTS; i++)
      await store.ensureContact({ channel: channels[i]!, externalId: `c${i}` }, {}, START);
  }
  seed = 42;
  let written = 0;
  let batch: LoggedEvent[] = [];
  const t0 = performance.now();
  let rollupMs = 0;
  // Sessions in time order: the clock advances, each session belongs to a random contact.
  const sessionsEstimate = EVENTS / 14;
  const step = (END - START) / sessionsEstimate;
  let clock = START;
  while (written < EVENTS) {
    clock += step * 2 * rand();
    const i = Math.floor(rand() * CONTACTS);
    for (const e of session(ids[i]!, channels[i]!, Math.min(clock, END - 600_000))) {
      batch.push(e);
      written++;
    }
    if (batch.length >= 2000) {
      await store.appendEvents(batch);
      batch = [];
      bar?.update(written);
      if (rollups && written % 20_000 < 2000) {
        const r0 = performance.now();
        await store.sumCounters({ ranges: [], metrics: [], filter: {} }); // the background catch-up's work
        rollupMs += performance.now() - r0;
      }
    }
  }
  if (batch.length > 0) await store.appendEvents(batch);
  if (rollups) {
    const r0 = performance.now();
    await store.sumCounters({ ranges: [], metrics: [], filter: {} });
    rollupMs += performance.now() - r0;
  }
  const ms = performance.now() - t0;
  return { store, written, ms, rollupMs };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-kpis-'));
  const ids: string[] = [];
  const channels: Channel[] = [];
  process.stderr.write(
    `bench:kpis — ${EVENTS.toLocaleString()} events, ${CONTACTS.toLocaleString()} contacts, ${DAYS} days\n`,
  );
  const bar = new SingleBar(
    { format: ' {phase} [{bar}] {percentage}% {value}/{total}', stream: process.stderr },
    undefined,
  );
  bar.start(EVENTS, 0, { phase: 'without rollups' });
  const plain = await ingest(path.join(dir, 'plain.db'), false, ids, channels, bar);
  await plain.store.close();
  ids.length = 0;
  channels.length = 0;
  bar.update(0, { phase: 'with rollups   ' });
  const rolled = await ingest(path.join(dir, 'rollups.db'), true, ids, channels, bar);
  bar.stop();
  const latency: Record<string, { p50: number; p99: number }> = {};
  const toDate = (t: number) => new Date(t).toISOString().slice(0, 10);
  for (const days of [7, 30, 90]) {
    for (const granularity of ['total', 'day', 'week', 'month'] as const) {
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const end = END - Math.floor(rand() * 30) * 86_400_000;
        const q = parseKpiQuery({
          from: toDate(end - days * 86_400_000),
          to: toDate(end),
          granularity,
          tz: i % 2 ? 'Europe/Berlin' : 'UTC',
        });
        const t0 = performance.now();
        await queryKpis(rolled.store, q);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) =>
        Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! * 100) / 100;
      latency[`${days}d/${granularity}`] = { p50: at(0.5), p99: at(0.99) };
    }
  }
  await rolled.store.close();
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
  const result = {
    events: EVENTS,
    contacts: CONTACTS,
    days: DAYS,
    ingestEventsPerSecond: {
      withoutRollups: rate(plain.written, plain.ms),
      withRollups: rate(rolled.written, rolled.ms),
    },
    rollupOverheadPercent: Math.round(((rolled.ms - plain.ms) / plain.ms) * 1000) / 10,
    rollupApplyMs: Math.round(rolled.rollupMs),
    queryLatencyMs: latency,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(
    `ingest: ${result.ingestEventsPerSecond.withoutRollups}/s without rollups, ${result.ingestEventsPerSecond.withRollups}/s with (${result.rollupOverheadPercent} %)\n` +
      `90-day query p99: ${Object.entries(latency)
        .filter(([k]) => k.startsWith('90d'))
        .map(([k, v]) => `${k} ${v.p99} ms`)
        .join(', ')}\n`,
  );
  if (process.argv.includes('--keep')) process.stderr.write(`kept ${dir}\n`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

void main();
