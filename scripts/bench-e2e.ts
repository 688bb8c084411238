/**
 * End-to-end messages/s (signed Messenger webhook → reply recorded at the fake Graph API) for the
 * embedded default (inline queue, one process) and for BullMQ on Redis with 1 and 2 `parley worker`
 * processes (the API in this process as `serve --no-worker`), plus reply latency at a fixed rate.
 *
 *   npx tsx scripts/bench-e2e.ts [--modes inline,bullmq-1,bullmq-2] [--seconds 4] [--connections 16]
 *                                [--rate 500] [--rate-seconds 10]
 *
 * Throughput: `--connections` keep-alive connections POST single-event webhooks (2000 contacts) for
 * `--seconds`; messages/s = messages / (last reply − first webhook), once every message is logged as
 * processed. Latency: `--rate` messages/s for `--rate-seconds` over 1000 contacts, webhook sent →
 * first reply. Redis: 127.0.0.1:6379 with a unique REDIS_PREFIX whose keys are deleted at the end.
 * The fake Graph API runs in a child process of its own (scripts/fake-graph-process.ts), so it neither
 * shares Parley's event loop nor counts in Parley's CPU.
 * JSON on stdout, summary on stderr. Targets: ≥ 2,000 messages/s inline; p99 < 50 ms at 500/s.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchEnv, replyLatencies, spawnParley, startBenchParley, stopChild, tempDir } from './bench-parley';
import type { SentReply } from './bench-parley';
import type { GraphProcess } from './fake-graph-process';
import { startGraphProcess } from './fake-graph-process';
import { BENCH_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from './redis-keys';
import { quantile, round, runLoad } from './webhook-load';

interface Args {
  readonly modes: string[];
  readonly seconds: number;
  readonly connections: number;
  readonly rate: number;
  readonly rateSeconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const num = (flag: string, fallback: number) => {
    const v = Number(value(flag) ?? fallback);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
    return v;
  };
  const modes = (value('--modes') ?? 'inline,bullmq-1,bullmq-2').split(',');
  for (const m of modes) if (!/^(inline|bullmq-\d)$/.test(m)) throw new Error(`unknown mode ${m}`);
  return {
    modes,
    seconds: num('--seconds', 4),
    connections: num('--connections', 16),
    rate: num('--rate', 500),
    rateSeconds: num('--rate-seconds', 10),
  };
}

/** Inbound messages of a run logged by the runtime (processed), read from the SQLite file. */
function processedCount(dbFile: string, runId: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const row = db
      .prepare(`SELECT count(*) AS n FROM messages WHERE direction = 'in' AND platform_message_id LIKE ?`)
      .get(`m_${runId}_%`) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

async function waitForProcessed(dbFile: string, runId: string, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let n = 0;
  while (Date.now() < deadline) {
    n = processedCount(dbFile, runId);
    if (n >= expected) return n;
    await new Promise((r) => setTimeout(r, 200));
  }
  return n;
}

/** The sends the fake received since the last call, as {@link SentReply}s. */
async function takeReplies(graph: GraphProcess): Promise<SentReply[]> {
  return (await graph.take()).map(([psid, at]) => ({ psid, at }));
}

/** CPU time (user + system, ms) of this process and of `children` so far (Linux /proc; 0 elsewhere). */
function cpuMs(children: readonly ChildProcess[]): number {
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1000;
  for (const c of children) {
    try {
      const fields = fs.readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks.
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // exited: its CPU is not counted
    }
  }
  return total;
}

async function startWorkers(
  count: number,
  env: Record<string, string>,
  dir: string,
): Promise<ChildProcess[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    spawnParley(['worker'], { ...env, LOG_LEVEL: 'info' }, path.join(dir, `worker-${i}.log`)),
  );
  const deadline = Date.now() + 90_000;
  for (let i = 0; i < count; i++) {
    const log = path.join(dir, `worker-${i}.log`);
    while (!(fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('"worker.started"'))) {
      if (Date.now() > deadline) throw new Error(`worker ${i} did not start; see ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return workers;
}

async function measure(
  args: Args,
  url: string,
  graph: GraphProcess,
  dbFile: string,
  workers: readonly ChildProcess[],
) {
  const runId = `tp${Date.now().toString(36)}`;
  await graph.take();
  const cpu0 = cpuMs(workers);
  const load = await runLoad({
    mode: 'closed',
    url,
    connections: args.connections,
    durationMs: args.seconds * 1000,
    eventsPerWebhook: 1,
    contacts: 2000,
    runId,
  });
  const processed = await waitForProcessed(dbFile, runId, load.events, 120_000);
  await graph.waitForQuiet(1000, 60_000);
  const cpu = cpuMs(workers) - cpu0;
  const last = (await takeReplies(graph)).reduce((max, r) => Math.max(max, r.at), 0);
  const throughput = {
    /** CPU of Parley (API and workers; not the load nor the fake Graph API) per message. */
    cpuMsPerMessage: round(cpu / processed, 3),
    messages: load.events,
    processed,
    ackPerSecond: Math.round((load.events / load.elapsedMs) * 1000),
    messagesPerSecond: Math.round((processed / (last - load.startedAt)) * 1000),
    seconds: round((last - load.startedAt) / 1000),
  };
  const rate = await runLoad({
    mode: 'rate',
    url,
    ratePerSecond: args.rate,
    durationMs: args.rateSeconds * 1000,
    contacts: 1000,
    runId: `lt${Date.now().toString(36)}`,
  });
  await graph.waitForQuiet(1000, 60_000);
  const { latencies, unanswered } = replyLatencies(rate.sent, await takeReplies(graph));
  const latency = {
    sent: rate.sent.length,
    achievedRate: Math.round((rate.sent.length / rate.elapsedMs) * 1000),
    unanswered,
    p50Ms: round(quantile(latencies, 0.5)),
    p90Ms: round(quantile(latencies, 0.9)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies.at(-1) ?? 0),
  };
  return { throughput, latency };
}

async function runMode(mode: string, args: Args) {
  const dir = tempDir(`bench-e2e-${mode}`);
  const graph = await startGraphProcess();
  const workerCount = mode === 'inline' ? 0 : Number(mode.split('-')[1]);
  const prefix = uniqueRedisPrefix('bench-e2e');
  const env = benchEnv(
    path.join(dir, 'data'),
    graph.url,
    workerCount > 0 ? { REDIS_URL: BENCH_REDIS_URL, REDIS_PREFIX: prefix } : {},
  );
  const { server, url } = await startBenchParley(env, { workers: workerCount === 0 });
  let workers: ChildProcess[] = [];
  try {
    workers = await startWorkers(workerCount, env, dir);
    const result = await measure(args, url, graph, path.join(dir, 'data', 'parley.db'), workers);
    return { mode, workers: workerCount, ...result };
  } finally {
    await Promise.all(workers.map((w) => stopChild(w, { graceMs: 10_000 })));
    await server.stop();
    await graph.close();
    if (workerCount > 0) await deleteRedisPrefix(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results = [];
  for (const mode of args.modes) {
    process.stderr.write(`  running ${mode}…\n`);
    results.push(await runMode(mode, args));
  }
  const inline = results.find((r) => r.mode === 'inline');
  const report = {
    benchmark: 'e2e.webhook-to-reply',
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((v) => round(v)),
    connections: args.connections,
    seconds: args.seconds,
    rate: args.rate,
    rateSeconds: args.rateSeconds,
    results,
    targets: {
      inlineMessagesPerSecond: 2000,
      p99MsAt500: 50,
      inlineMet: inline ? inline.throughput.messagesPerSecond >= 2000 : null,
      latencyMet: Object.fromEntries(
        results.map((r) => [r.mode, r.latency.p99Ms < 50 && r.latency.unanswered === 0]),
      ),
    },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const lines = [
    `End-to-end benchmark (${os.cpus().length} cores, load average ${report.loadavg.join(' ')}):`,
  ];
  for (const r of results) {
    lines.push(
      `  ${r.mode.padEnd(9)} ${r.throughput.messagesPerSecond} msgs/s end to end (${r.throughput.processed}/${r.throughput.messages} processed in ${r.throughput.seconds} s; acked at ${r.throughput.ackPerSecond}/s; ${r.throughput.cpuMsPerMessage} ms CPU/msg); at ${r.latency.achievedRate}/s: p50 ${r.latency.p50Ms} ms p90 ${r.latency.p90Ms} ms p99 ${r.latency.p99Ms} ms max ${r.latency.maxMs} ms, unanswered ${r.latency.unanswered}`,
    );
  }
  lines.push(
    `  targets: inline ≥ 2000 msgs/s ${report.targets.inlineMet ? 'met' : 'MISSED'}; p99 < 50 ms at ${args.rate}/s: ${Object.entries(
      report.targets.latencyMet,
    )
      .map(([m, ok]) => `${m} ${ok ? 'met' : 'MISSED'}`)
      .join(', ')}`,
  );
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
