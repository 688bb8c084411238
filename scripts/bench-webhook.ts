/**
 * Messenger webhook benchmark on the embedded default (one process: inline queue on SQLite, workers
 * in-process), with the demo bot and an in-process fake Graph API (`recordCalls: false`).
 *
 *   npx tsx scripts/bench-webhook.ts [--runs 3] [--seconds 3] [--connections 32] [--rate 500] [--rate-seconds 10]
 *
 * (a) Ack throughput: `--connections` keep-alive connections POST signed webhooks back to back for
 *     `--seconds` (1 event per webhook, then batches of 10), while the in-process workers handle the
 *     backlog as they would in production; reports acknowledged events/s (median of `--runs`) and ack
 *     latency p50/p99. The backlog is drained between runs.
 * (b) Reply latency: single-event webhooks at a fixed `--rate` for `--rate-seconds` over 1000 contacts
 *     (each writes every 2 s); latency = webhook sent → first reply recorded at the fake Graph API.
 *
 * The load runs in a separate process (scripts/webhook-load.ts). JSON on stdout, summary on stderr.
 * Targets: ≥ 5,000 acknowledged events/s; p99 reply latency < 50 ms at 500 messages/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  benchEnv,
  replyLatencies,
  startBenchGraph,
  startBenchParley,
  tempDir,
  waitForQuiet,
} from './bench-parley';
import type { LoadResult } from './webhook-load';
import { quantile, round, runLoad } from './webhook-load';

interface Args {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
  readonly rate: number;
  readonly rateSeconds: number;
  readonly contacts: number;
}

function parseArgs(argv: readonly string[]): Args {
  const num = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const value = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
    return value;
  };
  return {
    runs: num('--runs', 3),
    seconds: num('--seconds', 3),
    connections: num('--connections', 32),
    rate: num('--rate', 500),
    rateSeconds: num('--rate-seconds', 10),
    contacts: num('--contacts', 1000),
  };
}

interface AckRun {
  readonly eventsPerSecond: number;
  readonly webhooksPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** How long the in-process workers then needed to empty the backlog. */
  readonly drainMs: number;
  readonly backlogEventsPerSecond: number;
}

const ackRun = (r: LoadResult, drainMs: number): AckRun => ({
  eventsPerSecond: Math.round((r.events / r.elapsedMs) * 1000),
  webhooksPerSecond: Math.round((r.webhooks / r.elapsedMs) * 1000),
  p50Ms: round(quantile(r.ackMs, 0.5)),
  p99Ms: round(quantile(r.ackMs, 0.99)),
  failures: r.failures,
  drainMs: Math.round(drainMs),
  backlogEventsPerSecond: Math.round((r.events / (r.elapsedMs + drainMs)) * 1000),
});

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = tempDir('bench-webhook');
  const graph = await startBenchGraph();
  const { parley, server, url } = await startBenchParley(benchEnv(path.join(dir, 'data'), graph.api.url));
  const ack: Record<string, { median: AckRun; runs: AckRun[] }> = {};
  let latency;
  try {
    for (const batch of [1, 10]) {
      const runs: AckRun[] = [];
      for (let r = 0; r < args.runs; r++) {
        const result = await runLoad({
          mode: 'closed',
          url,
          connections: args.connections,
          durationMs: args.seconds * 1000,
          eventsPerWebhook: batch,
          contacts: 2000,
          runId: `ack${batch}r${r}${Date.now().toString(36)}`,
        });
        const t0 = performance.now();
        await parley.queue.drain();
        runs.push(ackRun(result, performance.now() - t0));
        process.stderr.write(`  ack batch ${batch} run ${r + 1}: ${runs.at(-1)?.eventsPerSecond} events/s\n`);
      }
      const sorted = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
      ack[`batch${batch}`] = { median: sorted[Math.floor(sorted.length / 2)] as AckRun, runs };
    }
    await waitForQuiet(graph, 500, 30_000);
    graph.replies.length = 0;
    const cpu0 = process.cpuUsage();
    const load = await runLoad({
      mode: 'rate',
      url,
      ratePerSecond: args.rate,
      durationMs: args.rateSeconds * 1000,
      contacts: args.contacts,
      runId: `lat${Date.now().toString(36)}`,
    });
    await parley.queue.drain();
    await waitForQuiet(graph, 500, 30_000);
    const cpu = process.cpuUsage(cpu0);
    const { latencies, unanswered } = replyLatencies(load.sent, graph.replies);
    latency = {
      ratePerSecond: args.rate,
      seconds: args.rateSeconds,
      contacts: args.contacts,
      sent: load.sent.length,
      achievedRate: Math.round((load.sent.length / load.elapsedMs) * 1000),
      failures: load.failures,
      unanswered,
      replies: graph.replies.length,
      ackP50Ms: round(quantile(load.ackMs, 0.5)),
      ackP99Ms: round(quantile(load.ackMs, 0.99)),
      replyP50Ms: round(quantile(latencies, 0.5)),
      replyP90Ms: round(quantile(latencies, 0.9)),
      replyP99Ms: round(quantile(latencies, 0.99)),
      replyMaxMs: round(latencies.at(-1) ?? 0),
      parleyCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / load.elapsedMs) * 100),
    };
  } finally {
    await server.stop();
    await graph.api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const report = {
    benchmark: 'webhook.embedded',
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((v) => round(v)),
    connections: args.connections,
    secondsPerRun: args.seconds,
    runs: args.runs,
    ack,
    latency,
    targets: {
      ackEventsPerSecond: 5000,
      replyP99MsAt500: 50,
      ackMet: Math.max(...Object.values(ack).map((a) => a.median.eventsPerSecond)) >= 5000,
      ack1Met: (ack.batch1?.median.eventsPerSecond ?? 0) >= 5000,
      latencyMet: latency.replyP99Ms < 50 && latency.unanswered === 0,
    },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const lines = [
    `Webhook benchmark (embedded default, ${os.cpus().length} cores, median of ${args.runs} runs):`,
  ];
  for (const [name, { median: m, runs }] of Object.entries(ack)) {
    lines.push(
      `  ack ${name}: ${m.eventsPerSecond} events/s (${m.webhooksPerSecond} webhooks/s), ack p50 ${m.p50Ms} ms p99 ${m.p99Ms} ms; runs ${runs.map((r) => r.eventsPerSecond).join(', ')}; backlog drained at ${m.backlogEventsPerSecond} events/s overall`,
    );
  }
  lines.push(
    `  reply latency at ${latency.achievedRate}/s (${latency.sent} msgs, ${args.contacts} contacts): p50 ${latency.replyP50Ms} ms p90 ${latency.replyP90Ms} ms p99 ${latency.replyP99Ms} ms max ${latency.replyMaxMs} ms, unanswered ${latency.unanswered}, Parley CPU ${latency.parleyCpuPercent}%`,
    `  targets: ack ≥ 5000/s ${report.targets.ackMet ? 'met' : 'MISSED'} (1 event/webhook ${report.targets.ack1Met ? 'met' : 'missed'}); p99 < 50 ms ${report.targets.latencyMet ? 'met' : 'MISSED'}`,
  );
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
