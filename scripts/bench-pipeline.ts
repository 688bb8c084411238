/**
 * Message processing on the embedded default, without HTTP in front: every message is enqueued the
 * way the Meta webhook route enqueues it (`queue.add('inbound', [job])`, one call per message), then
 * runs job → NLU → flow → turn commit → outbound job → Graph send → delivery record, with replies
 * going to the fake Graph API in a child process (so Parley's CPU is the only CPU counted).
 *
 *   npx tsx scripts/bench-pipeline.ts [--messages 6000] [--contacts 1000] [--runs 3] [--rate 500]
 *                                     [--rate-seconds 10] [--statements]
 *
 * (a) Drain: `--messages` messages over `--contacts` contacts enqueued at once; reports messages/s
 *     (enqueue → last reply) and Parley CPU ms per message (process.cpuUsage), median of `--runs`.
 * (b) Rate: `--rate` messages/s for `--rate-seconds`; latency = enqueue → send received by the fake.
 * (c) `--statements`: SQLite statements and transactions per message (counted by wrapping
 *     better-sqlite3's Statement methods; a separate run, as the counting costs CPU itself).
 *
 * Webhook parsing and HTTP are not included (scripts/bench-webhook.ts and bench-e2e.ts measure them).
 * JSON on stdout, summary on stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseConfig } from '../src/config';
import type { InboundEvent } from '../src/core';
import type { Parley } from '../src/main';
import { createLogger, createParley } from '../src/main';
import { inboundEventJob } from '../src/queue';
import { benchEnv, tempDir } from './bench-parley';
import type { GraphProcess, SendStamp } from './fake-graph-process';
import { startGraphProcess } from './fake-graph-process';
import { BENCH_PAGE_ID, epochMs, midOf, psidOf, quantile, round, textOf } from './webhook-load';

const ROOT = path.resolve(__dirname, '..');

interface Args {
  readonly messages: number;
  readonly contacts: number;
  readonly runs: number;
  readonly rate: number;
  readonly rateSeconds: number;
  readonly statements: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const num = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const value = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number ≥ 0`);
    return value;
  };
  return {
    messages: num('--messages', 6000),
    contacts: num('--contacts', 1000),
    runs: num('--runs', 3),
    rate: num('--rate', 500),
    rateSeconds: num('--rate-seconds', 10),
    statements: argv.includes('--statements'),
  };
}

/** Runs and time (ms) of one SQL text. */
interface StatementTally {
  runs: number;
  ms: number;
}

/** CPU time (µs) spent in COMMIT statements (with --statements). */
const commitCpu = { user: 0, system: 0 };

/** Counts and times every statement run through better-sqlite3 (by SQL text) from now on. */
function countStatements(): Map<string, StatementTally> {
  const counts = new Map<string, StatementTally>();
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      let tally = counts.get(this.source);
      if (tally === undefined) counts.set(this.source, (tally = { runs: 0, ms: 0 }));
      const t0 = performance.now();
      const c0 = this.source === 'COMMIT' ? process.cpuUsage() : null;
      try {
        return original.apply(this, args);
      } finally {
        tally.runs += 1;
        tally.ms += performance.now() - t0;
        if (c0) {
          const c = process.cpuUsage(c0);
          commitCpu.user += c.user;
          commitCpu.system += c.system;
        }
      }
    };
  }
  return counts;
}

/** The contacts of this process: created (profile looked up) by the warm-up, known afterwards. */
const CONTACTS_RUN = `b${Date.now().toString(36)}`;

const eventOf = (runId: string, i: number, contacts: number): InboundEvent => ({
  type: 'text',
  channel: 'messenger',
  contactId: psidOf(CONTACTS_RUN, i % contacts),
  pageId: BENCH_PAGE_ID,
  messageId: midOf(runId, i),
  timestamp: Date.now(),
  text: textOf(i),
});

const enqueue = (parley: Parley, event: InboundEvent) =>
  parley.queue.add('inbound', [inboundEventJob(event)]);

async function waitForSends(graph: GraphProcess, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await graph.count()) < expected) {
    if (Date.now() > deadline) throw new Error(`only ${await graph.count()}/${expected} replies`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface DrainRun {
  readonly messagesPerSecond: number;
  readonly cpuMsPerMessage: number;
}

/** Enqueues `count` messages at once and waits until every one got its reply (one each). */
async function drain(parley: Parley, graph: GraphProcess, args: Args, count: number): Promise<DrainRun> {
  const runId = `d${Date.now().toString(36)}`;
  await graph.take();
  const cpu0 = process.cpuUsage();
  const t0 = epochMs();
  await Promise.all(
    Array.from({ length: count }, (_, i) => enqueue(parley, eventOf(runId, i, args.contacts))),
  );
  await waitForSends(graph, count, 120_000);
  const elapsed = epochMs() - t0;
  await parley.queue.drain();
  const cpu = process.cpuUsage(cpu0);
  await graph.take();
  return {
    messagesPerSecond: Math.round((count / elapsed) * 1000),
    cpuMsPerMessage: round((cpu.user + cpu.system) / 1000 / count, 3),
  };
}

/** `rate` messages/s for `seconds`; latency = enqueue → the fake received the first reply. */
async function atRate(parley: Parley, graph: GraphProcess, args: Args) {
  const runId = `r${Date.now().toString(36)}`;
  const total = Math.round(args.rate * args.rateSeconds);
  const sent: [string, number][] = [];
  await graph.take();
  const loopDelay = monitorEventLoopDelay({ resolution: 2 });
  loopDelay.enable();
  const cpu0 = process.cpuUsage();
  const began = epochMs();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((epochMs() - began) / 1000) * args.rate) + 1);
      for (; next < due; next++) {
        const event = eventOf(runId, next, args.contacts);
        sent.push([event.contactId, epochMs()]);
        void enqueue(parley, event);
      }
      if (next >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const elapsedMs = epochMs() - began;
  await waitForSends(graph, total, 120_000);
  await parley.queue.drain();
  const cpu = process.cpuUsage(cpu0);
  loopDelay.disable();
  const replies = await graph.take();
  const latencies = replyLatencies(sent, replies);
  return {
    sent: total,
    achievedRate: Math.round((total / elapsedMs) * 1000),
    p50Ms: round(quantile(latencies, 0.5)),
    p90Ms: round(quantile(latencies, 0.9)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies.at(-1) ?? 0),
    cpuMsPerMessage: round((cpu.user + cpu.system) / 1000 / total, 3),
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100),
    /** How long the event loop was blocked (ms): p99 and max. */
    loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    loopDelayMaxMs: round(loopDelay.max / 1e6),
  };
}

/** Each sent message's latency to the first reply to its contact at or after it, sorted. */
function replyLatencies(sent: readonly [string, number][], replies: readonly SendStamp[]): number[] {
  const byPsid = new Map<string, number[]>();
  for (const [psid, at] of replies) {
    const list = byPsid.get(psid) ?? [];
    list.push(at);
    byPsid.set(psid, list);
  }
  const used = new Map<string, number>();
  const out: number[] = [];
  for (const [psid, at] of sent) {
    const list = byPsid.get(psid) ?? [];
    let k = used.get(psid) ?? 0;
    while (k < list.length && (list[k] as number) < at) k++;
    if (k < list.length) out.push((list[k] as number) - at);
    used.set(psid, k + 1);
  }
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const counts = args.statements ? countStatements() : null;
  const dir = tempDir('bench-pipeline');
  const graph = await startGraphProcess();
  const config = parseConfig(benchEnv(path.join(dir, 'data'), graph.url), ROOT);
  const parley = createParley(config, createLogger(config, 2));
  try {
    const loaded = await parley.bot.reload('startup');
    if (!loaded.ok) throw new Error('bot did not load');
    await parley.startWorkers();
    // Warm-up: JIT, statement caches, contacts created (their profile looked up once).
    await drain(parley, graph, args, Math.max(args.contacts, 1000));
    const runs: DrainRun[] = [];
    for (let r = 0; r < args.runs; r++) {
      counts?.clear();
      runs.push(await drain(parley, graph, args, args.messages));
      process.stderr.write(
        `  drain run ${r + 1}: ${runs.at(-1)?.messagesPerSecond} msgs/s, ${runs.at(-1)?.cpuMsPerMessage} ms CPU/msg\n`,
      );
    }
    const statements = counts ? statementReport(counts, args.messages) : null;
    const byCpu = [...runs].sort((a, b) => a.cpuMsPerMessage - b.cpuMsPerMessage);
    const byRate = [...runs].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond);
    if (counts)
      process.stderr.write(
        `  COMMIT CPU per message (drain): ${(commitCpu.user / args.messages).toFixed(1)} µs user, ${(commitCpu.system / args.messages).toFixed(1)} µs system\n`,
      );
    counts?.clear();
    const rate = args.rateSeconds > 0 ? await atRate(parley, graph, args) : null;
    const rateStatements =
      counts && rate ? statementReport(counts, Math.round(args.rate * args.rateSeconds)) : null;
    const report = {
      benchmark: 'pipeline.enqueue-to-reply',
      node: process.version,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((v) => round(v)),
      messages: args.messages,
      contacts: args.contacts,
      drain: {
        medianMessagesPerSecond: byRate[Math.floor(byRate.length / 2)]?.messagesPerSecond,
        medianCpuMsPerMessage: byCpu[Math.floor(byCpu.length / 2)]?.cpuMsPerMessage,
        runs,
      },
      rate,
      statements: { drain: statements, rate: rateStatements },
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    const lines = [
      `Pipeline (enqueue → reply at the fake Graph API, ${os.cpus().length} cores, load ${report.loadavg.join(' ')}):`,
      `  drain: ${report.drain.medianMessagesPerSecond} msgs/s, ${report.drain.medianCpuMsPerMessage} ms CPU/msg (median of ${args.runs})`,
    ];
    if (rate)
      lines.push(
        `  at ${rate.achievedRate}/s: p50 ${rate.p50Ms} ms p90 ${rate.p90Ms} ms p99 ${rate.p99Ms} ms max ${rate.maxMs} ms; ${rate.cpuMsPerMessage} ms CPU/msg, ${rate.cpuPercent}% CPU; event loop delay p99 ${rate.loopDelayP99Ms} ms max ${rate.loopDelayMaxMs} ms`,
      );
    for (const [name, st] of Object.entries(report.statements)) {
      if (!st) continue;
      lines.push(
        `  SQLite per message (${name}): ${st.perMessage} statements, ${st.transactionsPerMessage} transactions, ${st.usPerMessage} µs`,
        ...st.top
          .slice(0, 24)
          .map(
            (t) =>
              `    ${t.perMessage.toFixed(2).padStart(6)} × ${t.usPerMessage.toFixed(1).padStart(6)} µs  ${t.sql}`,
          ),
      );
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  } finally {
    await parley.close();
    await graph.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function statementReport(counts: Map<string, StatementTally>, messages: number) {
  let total = 0;
  let transactions = 0;
  let ms = 0;
  for (const [sql, t] of counts) {
    total += t.runs;
    ms += t.ms;
    if (/^BEGIN/.test(sql)) transactions += t.runs;
  }
  const top = [...counts]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([sql, t]) => ({
      sql: sql.replace(/\s+/g, ' ').slice(0, 100),
      perMessage: round(t.runs / messages, 3),
      usPerMessage: round((t.ms * 1000) / messages, 1),
    }));
  return {
    perMessage: round(total / messages),
    transactionsPerMessage: round(transactions / messages, 3),
    usPerMessage: round((ms * 1000) / messages, 1),
    top,
  };
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
