/**
 * commitTurn throughput of the SQLite store on a temp file database (WAL, synchronous=NORMAL).
 *
 *   npx tsx scripts/bench-store.ts [--json] [--memory] [--turns 20000] [--contacts 2000] [--runs 5] [--concurrency 32]
 *
 * Each run uses a fresh database: it creates the contacts, then commits `turns` turns round-robin
 * over them, each with 1 inbound message (with an NLU result) + 1 outbound message + 3 events and a
 * contact patch, like a real message. Two modes: `sequential` awaits each commit before the next;
 * `concurrent` runs `--concurrency` lanes, each committing its own contacts' turns in order (how queue
 * workers call the store), which lets the store group turns into shared transactions. Reports, per
 * mode, the median run (by throughput), per-commit latency and CPU per turn.
 * `--memory` uses an in-memory database instead, to separate CPU cost from file I/O.
 * `--pipeline` adds a third mode: every store call of one message on the embedded default, in order
 * (webhook job insert, contact and dedupe reads, the turn with its outbox job and completed job, the
 * delivery claim, the contact read and the delivery record completing the outbound job), 32 lanes.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoggedEvent, LoggedMessage } from '../src/core';
import { createSqliteStore } from '../src/store';
import type { Store, StoredJob, Turn } from '../src/store';

interface Args {
  readonly json: boolean;
  readonly turns: number;
  readonly contacts: number;
  readonly runs: number;
  readonly memory: boolean;
  /** Lanes of the concurrent mode (the sequential mode always has 1). */
  readonly concurrency: number;
  readonly pipeline: boolean;
}

interface Mode {
  readonly lanes: number;
  readonly median: RunResult;
  readonly allTurnsPerSecond: readonly number[];
}

interface RunResult {
  readonly turnsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Process CPU (user + system) per turn: throughput that other load on the machine cannot skew. */
  readonly cpuMsPerTurn: number;
  readonly fileMb: number;
}

function parseArgs(argv: readonly string[]): Args {
  const num = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const value = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer`);
    return value;
  };
  return {
    json: argv.includes('--json'),
    turns: num('--turns', 20_000),
    contacts: num('--contacts', 2_000),
    runs: num('--runs', 5),
    memory: argv.includes('--memory'),
    concurrency: num('--concurrency', 32),
    pipeline: argv.includes('--pipeline'),
  };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

function buildTurn(contactId: string, version: number, at: number): Turn {
  const base = { contactId, channel: 'messenger' as const, flowId: null, stepId: null, error: null, at };
  const inbound: LoggedMessage = {
    ...base,
    id: randomUUID(),
    direction: 'in',
    sender: 'user',
    kind: 'text',
    platformMessageId: `mid.${randomUUID()}`,
    text: 'how much is the red one?',
    payload: null,
    message: null,
    nlu: {
      intent: 'prices',
      score: 0.87,
      matched: true,
      candidates: [
        { intent: 'prices', score: 0.87 },
        { intent: 'shipping', score: 0.1 },
      ],
      modelVersion: 'bench-model',
    },
    status: 'received',
  };
  const outbound: LoggedMessage = {
    ...base,
    id: randomUUID(),
    direction: 'out',
    sender: 'bot',
    kind: 'message',
    platformMessageId: null,
    text: null,
    payload: null,
    message: {
      type: 'text',
      text: 'The red one is 49 EUR.',
      quickReplies: [{ title: 'Buy', payload: 'BUY' }],
    },
    nlu: null,
    status: 'pending',
    at: at + 1,
  };
  const dims = {
    contactId,
    channel: 'messenger' as const,
    flowId: null,
    stepId: null,
    campaign: null,
    variant: null,
  };
  const event = (type: LoggedEvent['type'], intent: string | null, value: number | null): LoggedEvent => ({
    ...dims,
    id: randomUUID(),
    type,
    at,
    intent,
    list: null,
    value,
    data: {},
  });
  return {
    contactId,
    contactPatch: { lastInboundAt: at, attributes: { lastTopic: 'prices' } },
    conversation: { contactId, flow: null, pausedUntil: null, lastIntent: 'prices', updatedAt: at, version },
    expectedVersion: version,
    messages: [inbound, outbound],
    events: [
      event('message_received', null, null),
      event('nlu_evaluated', 'prices', 0.87),
      event('message_sent', null, null),
    ],
    links: [],
  };
}

/** Every store call of one message, as the inline queue and its workers make them. */
async function runMessage(store: Store, turn: Turn, at: number, externalId: string): Promise<void> {
  const [inbound, outbound] = turn.messages as [LoggedMessage, LoggedMessage];
  const job = (id: string, queue: string): StoredJob => ({
    id,
    queue,
    orderingKey: `messenger:${turn.contactId}`,
    data: { id, message: outbound.message },
    attempts: 0,
    runAt: at,
    createdAt: at,
  });
  const inJob = job(`in:${inbound.platformMessageId ?? ''}`, 'inbound');
  const outJob = job(`out:${outbound.id}`, 'outbound');
  await store.insertJobs([inJob]);
  await store.findContact({ channel: 'messenger', externalId });
  await store.hasMessage('messenger', inbound.platformMessageId ?? '');
  await store.getConversation(turn.contactId, at);
  const result = await store.commitTurn({ ...turn, jobs: [outJob], completesJob: inJob.id });
  if (!result.ok) throw new Error(`turn refused: ${JSON.stringify(result.error)}`);
  if ((await store.claimDelivery(outbound.id)) !== 'claimed') throw new Error('not claimed');
  await store.getContact(turn.contactId);
  const sent = { ...(turn.events[0] as LoggedEvent), id: randomUUID(), type: 'message_sent' as const };
  await store.recordDelivery({
    messageId: outbound.id,
    status: 'sent',
    platformMessageId: `m_${outbound.id}`,
    events: [sent],
    completesJob: outJob.id,
  });
}

async function runOnce(
  args: Args,
  dir: string,
  run: string,
  lanes: number,
  pipeline = false,
): Promise<RunResult> {
  const file = args.memory ? ':memory:' : path.join(dir, `bench-${run}.db`);
  const store = createSqliteStore({ file });
  const start = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < args.contacts; i++) {
    ids.push((await store.ensureContact({ channel: 'messenger', externalId: `psid-${i}` }, {}, start)).id);
  }
  const versions = new Array<number>(args.contacts).fill(0);
  // Turns are built up front so the timing measures the store, not the fixtures.
  const turns = Array.from({ length: args.turns }, (_, i) => {
    const c = i % args.contacts;
    const version = versions[c] ?? 0;
    versions[c] = version + 1;
    return buildTurn(ids[c] as string, version, start + i);
  });
  const latencies = new Float64Array(args.turns);
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  // Each lane owns the contacts with `index % lanes === lane` and commits their turns in order, the
  // way queue workers keep per-contact order while handling several contacts at once.
  const lane = async (l: number): Promise<void> => {
    for (let i = l; i < turns.length; i += lanes) {
      const t0 = performance.now();
      if (pipeline) await runMessage(store, turns[i] as Turn, start + i, `psid-${i % args.contacts}`);
      else {
        const result = await store.commitTurn(turns[i] as Turn);
        if (!result.ok) throw new Error(`turn ${i} refused: ${JSON.stringify(result.error)}`);
      }
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  const elapsed = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  await store.close();
  const fileMb = args.memory ? 0 : fs.statSync(file).size / 1_048_576;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    turnsPerSecond: Math.round((args.turns / elapsed) * 1000),
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    cpuMsPerTurn: round((cpu.user + cpu.system) / 1000 / args.turns, 4),
    fileMb: round(fileMb, 1),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-store-'));
  const modes: Record<string, Mode> = {};
  try {
    const plan: [string, number, boolean][] = [
      ['sequential', 1, false],
      ['concurrent', args.concurrency, false],
      ...(args.pipeline ? [['pipeline', args.concurrency, true] as [string, number, boolean]] : []),
    ];
    for (const [name, lanes, pipeline] of plan) {
      const runs: RunResult[] = [];
      for (let r = 0; r < args.runs; r++)
        runs.push(await runOnce(args, dir, `${name}-${r}`, lanes, pipeline));
      const byThroughput = [...runs].sort((a, b) => a.turnsPerSecond - b.turnsPerSecond);
      const median = byThroughput[Math.floor(byThroughput.length / 2)] as RunResult;
      modes[name] = {
        lanes,
        median,
        allTurnsPerSecond: runs.map((r) => r.turnsPerSecond),
      };
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const report = {
    benchmark: 'store.sqlite.commitTurn',
    database: args.memory ? ':memory:' : 'temp file (WAL, synchronous=NORMAL)',
    node: process.version,
    cpus: os.cpus().length,
    turns: args.turns,
    contacts: args.contacts,
    perTurn: { messages: 2, events: 3 },
    runs: args.runs,
    ...modes,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const lines = [
    `SQLite commitTurn (${report.database}): ${args.turns} turns (2 messages + 3 events) over ${args.contacts} contacts, median of ${args.runs} runs`,
  ];
  for (const [name, { lanes, median, allTurnsPerSecond }] of Object.entries(modes)) {
    lines.push(
      `${name} (${lanes} lane${lanes === 1 ? '' : 's'})`,
      `  throughput  ${median.turnsPerSecond} turns/s   (runs: ${allTurnsPerSecond.join(', ')})`,
      `  latency     p50 ${median.p50Ms} ms   p99 ${median.p99Ms} ms   max ${median.maxMs} ms`,
      `  cpu         ${median.cpuMsPerTurn} ms/turn (${Math.round(1000 / median.cpuMsPerTurn)} turns per CPU-second)`,
      `  file size   ${median.fileMb} MB`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
