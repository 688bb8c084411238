/**
 * Messenger webhook benchmark on the embedded default (one process: inline queue on SQLite), with the
 * demo bot and the fake Graph API in a child process (scripts/fake-graph-process.ts), so answering
 * sends neither shares Parley's event loop nor counts in its CPU time.
 *
 *   npx tsx scripts/bench-webhook.ts [--runs 5] [--seconds 3] [--connections 32] [--pipeline 1]
 *     [--client raw|node] [--drain-seconds 10] [--rate 500] [--rate-seconds 10]
 *     [--warmup-seconds 5] [--ack-only | --latency-only]
 *
 * (a) Ack (ingest) throughput — the acceptance number: a fresh Parley whose queue workers are NOT
 *     started, so the timed runs measure only the webhook path (read, signature, validation, durable
 *     enqueue = committed to the SQLite job table, 200). `--connections` keep-alive connections (each
 *     with `--pipeline` webhooks in flight) POST pre-signed webhooks back to back for `--seconds`, after
 *     an untimed 1 s warm-up; 1 event per webhook, then batches of 10. Per run: acknowledged events/s,
 *     ack latency p50/p99, and CPU µs per acknowledged event of the Parley process
 *     (`process.cpuUsage`, less sensitive to other load on the machine than the rates); medians of
 *     `--runs`. Then the workers start on the backlog and the drain rate (inbound jobs completed per
 *     second, no webhooks arriving) is measured for up to `--drain-seconds`.
 * (b) Ack throughput while processing: the same closed loop (1 event per webhook) against a Parley
 *     whose workers run — NLU, flows, sends to the fake Graph API — on the same cores, as a production
 *     burst would see it. Reported separately; the backlog only grows, so this is not a steady state.
 * (c) Reply latency: single-event webhooks at a fixed `--rate` for `--rate-seconds` over 1000 contacts
 *     (each writes every 2 s), workers running; latency = webhook sent → first reply recorded at the
 *     fake Graph API. Measured after `--warmup-seconds` (default 5) of the same load on other contacts
 *     (the steady state). `--latency-only --warmup-seconds 0` measures a cold start instead: a process
 *     that has run nothing yet, whose first 2–3 s run unoptimised code.
 *
 * The load runs in a separate process (scripts/webhook-load.ts). JSON on stdout, summary on stderr.
 * Targets: ≥ 5,000 acknowledged events/s with one event per webhook (a); p99 reply latency < 50 ms at
 * 500 messages/s (c).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv, replyLatencies, startBenchParley, tempDir } from './bench-parley';
import type { GraphProcess } from './fake-graph-process';
import { startGraphProcess } from './fake-graph-process';
import type { ClosedLoopSpec, LoadResult } from './webhook-load';
import { median, quantile, round, runLoad } from './webhook-load';

interface Args {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
  readonly pipeline: number;
  readonly client: 'raw' | 'node';
  readonly drainSeconds: number;
  readonly rate: number;
  readonly rateSeconds: number;
  readonly contacts: number;
  readonly ackOnly: boolean;
  readonly latencyOnly: boolean;
  readonly warmupSeconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const num = (flag: string, fallback: number, min = Number.MIN_VALUE): number => {
    const i = argv.indexOf(flag);
    const value = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isFinite(value) || value < min) throw new Error(`${flag} needs a number ≥ ${min}`);
    return value;
  };
  const client = argv.includes('--client') ? argv[argv.indexOf('--client') + 1] : 'raw';
  if (client !== 'raw' && client !== 'node') throw new Error('--client is raw or node');
  return {
    runs: num('--runs', 5),
    seconds: num('--seconds', 3),
    connections: num('--connections', 32),
    pipeline: num('--pipeline', 1),
    client,
    drainSeconds: num('--drain-seconds', 10),
    rate: num('--rate', 500),
    rateSeconds: num('--rate-seconds', 10),
    warmupSeconds: num('--warmup-seconds', 5, 0),
    contacts: num('--contacts', 1000),
    ackOnly: argv.includes('--ack-only'),
    latencyOnly: argv.includes('--latency-only'),
  };
}

/** One timed closed-loop run. */
interface AckRun {
  readonly eventsPerSecond: number;
  readonly webhooksPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** CPU (user + system) of the Parley process per acknowledged event, µs. */
  readonly serverCpuUsPerEvent: number;
  /** CPU of the load process per acknowledged webhook, µs. */
  readonly loadCpuUsPerWebhook: number;
}

/** Runs of one setting and their medians (each field's own median). */
interface AckSeries {
  readonly median: AckRun;
  readonly runs: AckRun[];
}

const ackRun = (r: LoadResult, cpu: NodeJS.CpuUsage): AckRun => ({
  eventsPerSecond: Math.round((r.events / r.elapsedMs) * 1000),
  webhooksPerSecond: Math.round((r.webhooks / r.elapsedMs) * 1000),
  p50Ms: round(quantile(r.ackMs, 0.5)),
  p99Ms: round(quantile(r.ackMs, 0.99)),
  failures: r.failures,
  serverCpuUsPerEvent: round((cpu.user + cpu.system) / Math.max(1, r.events), 1),
  loadCpuUsPerWebhook: round((r.loadCpuUs ?? 0) / Math.max(1, r.webhooks), 1),
});

const series = (runs: AckRun[]): AckSeries => {
  const mid = (key: keyof AckRun) => median(runs.map((r) => r[key]));
  return {
    median: {
      eventsPerSecond: mid('eventsPerSecond'),
      webhooksPerSecond: mid('webhooksPerSecond'),
      p50Ms: mid('p50Ms'),
      p99Ms: mid('p99Ms'),
      failures: mid('failures'),
      serverCpuUsPerEvent: mid('serverCpuUsPerEvent'),
      loadCpuUsPerWebhook: mid('loadCpuUsPerWebhook'),
    },
    runs,
  };
};

type Loop = Omit<ClosedLoopSpec, 'runId' | 'durationMs' | 'url'>;

/** An untimed 1 s warm-up (JIT, SQLite file growth), then `args.runs` timed runs. */
async function ackSeries(url: string, loop: Loop, args: Args, label: string): Promise<AckSeries> {
  const stamp = Date.now().toString(36);
  await runLoad({ ...loop, url, durationMs: 1000, runId: `${label}w${stamp}` });
  const runs: AckRun[] = [];
  for (let r = 0; r < args.runs; r++) {
    const cpu0 = process.cpuUsage();
    const result = await runLoad({
      ...loop,
      url,
      durationMs: args.seconds * 1000,
      runId: `${label}r${r}${stamp}`,
    });
    runs.push(ackRun(result, process.cpuUsage(cpu0)));
    const run = runs.at(-1) as AckRun;
    process.stderr.write(
      `  ${label} run ${r + 1}: ${run.eventsPerSecond} events/s, ${run.serverCpuUsPerEvent} µs CPU/event\n`,
    );
  }
  return series(runs);
}

/**
 * Inbound jobs the workers complete per second on the backlog, with no webhooks arriving, timed from
 * when the workers have started (loading a backlog of this size at start-up is not the drain).
 */
async function measureDrain(parley: Awaited<ReturnType<typeof startBenchParley>>['parley'], seconds: number) {
  const pending = async () => (await parley.store.pendingJobs('inbound')).length;
  const before = await pending();
  await parley.startWorkers();
  const t0 = performance.now();
  await Promise.race([parley.queue.drain(), new Promise((r) => setTimeout(r, seconds * 1000))]);
  const elapsedMs = performance.now() - t0;
  const after = await pending();
  return {
    backlogBefore: before,
    backlogAfter: after,
    seconds: round(elapsedMs / 1000),
    eventsPerSecond: Math.round(((before - after) / elapsedMs) * 1000),
  };
}

/** (a) for one batch size: a fresh Parley, workers off for the timed runs, then the drain. */
async function ingest(graph: GraphProcess, args: Args, loop: Loop, label: string) {
  const dir = tempDir('bench-webhook');
  const env = benchEnv(path.join(dir, 'data'), graph.url);
  const { parley, server, url } = await startBenchParley(env, { workers: false });
  try {
    const ack = await ackSeries(url, loop, args, label);
    const drain = await measureDrain(parley, args.drainSeconds);
    process.stderr.write(`  ${label} drain: ${drain.eventsPerSecond} events/s\n`);
    return { ...ack, drain };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** (b): the same closed loop while the workers process the growing backlog. */
async function whileProcessing(graph: GraphProcess, args: Args, loop: Loop) {
  const dir = tempDir('bench-webhook');
  const { server, url } = await startBenchParley(benchEnv(path.join(dir, 'data'), graph.url));
  try {
    return await ackSeries(url, loop, args, 'ack-while-processing batch1');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** (c): reply latency at a fixed rate on a fresh Parley with workers. */
async function replyLatency(graph: GraphProcess, args: Args, warmupSeconds: number) {
  const dir = tempDir('bench-webhook');
  const { parley, server, url } = await startBenchParley(benchEnv(path.join(dir, 'data'), graph.url));
  try {
    await graph.waitForQuiet(500, 30_000);
    if (warmupSeconds > 0) {
      // Untimed, at the same rate, on other contacts: the timed run starts with a warm process.
      await runLoad({
        mode: 'rate',
        url,
        ratePerSecond: args.rate,
        durationMs: warmupSeconds * 1000,
        contacts: args.contacts,
        runId: `warm${Date.now().toString(36)}`,
      });
      await parley.queue.drain();
      await graph.waitForQuiet(500, 30_000);
    }
    await graph.take();
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
    await graph.waitForQuiet(500, 30_000);
    const cpu = process.cpuUsage(cpu0);
    const replies = (await graph.take()).map(([psid, at]) => ({ psid, at }));
    const { latencies, unanswered, timeline } = replyLatencies(load.sent, replies);
    return {
      ratePerSecond: args.rate,
      warmupSeconds,
      seconds: args.rateSeconds,
      contacts: args.contacts,
      sent: load.sent.length,
      achievedRate: Math.round((load.sent.length / load.elapsedMs) * 1000),
      failures: load.failures,
      unanswered,
      replies: replies.length,
      ackP50Ms: round(quantile(load.ackMs, 0.5)),
      ackP99Ms: round(quantile(load.ackMs, 0.99)),
      replyP50Ms: round(quantile(latencies, 0.5)),
      replyP90Ms: round(quantile(latencies, 0.9)),
      replyP99Ms: round(quantile(latencies, 0.99)),
      replyMaxMs: round(latencies.at(-1) ?? 0),
      parleyCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / load.elapsedMs) * 100),
      /** Worst reply latency (ms) of the messages sent in each second of the run. */
      maxMsPerSecond: timeline,
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MEASURED = {
  ack:
    'Ingest only: acknowledged webhook events/s with the queue workers not started during the timed runs ' +
    '(each ack = body read, X-Hub-Signature-256 verified, payload validated, events committed to the ' +
    'SQLite job table); medians of the runs after a 1 s warm-up. drain = inbound jobs completed per ' +
    'second by the workers afterwards (timed once they have started), no webhooks arriving.',
  ackWhileProcessing:
    'The same closed loop (1 event per webhook) while the workers process the growing backlog on the ' +
    'same cores; serverCpuUsPerEvent then includes processing.',
  latency:
    'Reply latency (webhook sent → first reply at the fake Graph API) at a fixed rate, workers running, ' +
    'after `warmupSeconds` of the same load on other contacts (JIT, caches): the steady state, and the ' +
    'acceptance number. The timed contacts are new to the store, so their first messages also create ' +
    'contacts and look profiles up.',
  coldStart:
    'Not measured here: run `--latency-only --warmup-seconds 0` for a process that has run nothing yet ' +
    '(its first 2–3 s run unoptimised code and queue up).',
  serverCpuUsPerEvent: 'CPU (user + system, process.cpuUsage) of the Parley process per acknowledged event.',
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const graph = await startGraphProcess();
  const loop = (eventsPerWebhook: number): Loop => ({
    mode: 'closed',
    connections: args.connections,
    pipeline: args.pipeline,
    client: args.client,
    eventsPerWebhook,
    contacts: 2000,
  });
  const ack: Record<string, Awaited<ReturnType<typeof ingest>>> = {};
  let ackWhileProcessing: AckSeries | null = null;
  let latency: Awaited<ReturnType<typeof replyLatency>> | null = null;
  try {
    if (!args.latencyOnly) {
      for (const batch of [1, 10])
        ack[`batch${batch}`] = await ingest(graph, args, loop(batch), `batch${batch}`);
    }
    if (!args.ackOnly) {
      if (!args.latencyOnly) ackWhileProcessing = await whileProcessing(graph, args, loop(1));
      latency = await replyLatency(graph, args, args.warmupSeconds);
    }
  } finally {
    await graph.close();
  }
  const ack1 = ack.batch1?.median.eventsPerSecond ?? 0;
  const report = {
    benchmark: 'webhook.embedded',
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((v) => round(v)),
    client: args.client,
    connections: args.connections,
    pipeline: args.pipeline,
    secondsPerRun: args.seconds,
    runs: args.runs,
    measured: MEASURED,
    ack,
    ackWhileProcessing,
    latency,
    targets: {
      ackEventsPerSecond: 5000,
      replyP99MsAt500: 50,
      ack1Met: args.latencyOnly ? null : ack1 >= 5000,
      ackMet: args.latencyOnly
        ? null
        : Math.max(...Object.values(ack).map((a) => a.median.eventsPerSecond)) >= 5000,
      latencyMet: latency ? latency.replyP99Ms < 50 && latency.unanswered === 0 : null,
    },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.stderr.write(`${summary(report, args).join('\n')}\n`);
}

const verdict = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : 'MISSED');

function summary(
  report: {
    ack: Record<string, AckSeries & { drain: { eventsPerSecond: number } }>;
    ackWhileProcessing: AckSeries | null;
    latency: Awaited<ReturnType<typeof replyLatency>> | null;
    targets: { ack1Met: boolean | null; latencyMet: boolean | null };
  },
  args: Args,
): string[] {
  const line = (name: string, { median: m, runs }: AckSeries) =>
    `  ${name}: ${m.eventsPerSecond} events/s (${m.webhooksPerSecond} webhooks/s), ack p50 ${m.p50Ms} ms p99 ${m.p99Ms} ms, ` +
    `${m.serverCpuUsPerEvent} µs server CPU/event; runs ${runs.map((r) => r.eventsPerSecond).join(', ')}`;
  const lines = [
    `Webhook benchmark (embedded default, ${os.cpus().length} cores, ${args.client} client, ${args.connections} connections × ${args.pipeline}, median of ${args.runs} runs):`,
  ];
  for (const [name, s] of Object.entries(report.ack)) {
    lines.push(
      `${line(`ack ${name} (ingest only)`, s)}; then drained at ${s.drain.eventsPerSecond} events/s`,
    );
  }
  if (report.ackWhileProcessing) lines.push(line('ack batch1 while processing', report.ackWhileProcessing));
  const l = report.latency;
  if (l) {
    const when = l.warmupSeconds > 0 ? `after a ${l.warmupSeconds} s warm-up` : 'no warm-up';
    lines.push(
      `  reply latency at ${l.achievedRate}/s, ${when} (${l.sent} msgs, ${l.contacts} contacts): p50 ${l.replyP50Ms} ms p90 ${l.replyP90Ms} ms p99 ${l.replyP99Ms} ms max ${l.replyMaxMs} ms, unanswered ${l.unanswered}, Parley CPU ${l.parleyCpuPercent}%; worst per second ${l.maxMsPerSecond.join(' ')} ms`,
    );
  }
  lines.push(
    `  targets: ack ≥ 5000/s with 1 event/webhook ${verdict(report.targets.ack1Met)}; p99 < 50 ms ${verdict(report.targets.latencyMet)}`,
  );
  return lines;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
