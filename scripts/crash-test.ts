/**
 * Fault replay: no acknowledged webhook is lost, no reply is sent twice, and every failed send is
 * either delivered after retries or recorded with its reason, while processes die, Redis restarts and
 * the Graph API fails sends.
 *
 *   npx tsx scripts/crash-test.ts [--phase bullmq|inline|both] [--messages 10000] [--contacts 100]
 *     [--seed 11] [--retryable 0.2] [--fatal 0.02] [--no-redis-fault]
 *
 * Graph faults (both phases): the fake Graph API fails a seeded, reproducible share of sends with
 * retryable errors (`--retryable`, default 20 %: code 2 / 613 / 1200 / HTTP 503, at most 3 in a row
 * per contact, so each is delivered within the 6 send attempts) and with non-retryable per-message
 * errors (`--fatal`, default 2 %: code 100 → `meta.bad_request`, code 10 / subcode 2018278 →
 * `meta.outside_window`; code 551 is not used, as it marks the contact unreachable for every later
 * reply). The children get SEND_RETRY_BASE_MS=50 (retries after ~50, 100, 200 ms).
 *
 * bullmq: the API in this process (`serve --no-worker`, REDIS_URL, unique REDIS_PREFIX) and two
 *   `parley worker` child processes; the signed webhooks (distinct mids) are replayed at 250/s and
 *   retried until acknowledged, as Meta does; worker 0 is SIGKILLed twice and restarted each time; then
 *   Redis is SIGKILLed and restarted after 2 s. That Redis is a private `redis-server` child on a free
 *   port with AOF (`--appendonly yes --appendfsync always`, like a production Redis with AOF; see
 *   private-redis.ts), never the machine's shared one. Without `redis-server` on PATH the shared Redis
 *   is paused instead (`CLIENT PAUSE 3000 ALL`: an outage without data loss).
 * inline: `parley serve` (embedded default) as a child at 400/s; the whole process is SIGKILLed
 *   mid-replay and restarted on the same DATA_DIR and port; webhooks refused meanwhile are retried.
 *
 * Verdict: see crash-verdict.ts. JSON on stdout, summary on stderr, exit code 1 on any failure.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchEnv, spawnParley, startBenchParley, stopChild, tempDir, waitForHealth } from './bench-parley';
import type { PhaseVerdict } from './crash-verdict';
import { readInbound, verify } from './crash-verdict';
import type { FaultPlan, FaultyGraph } from './faulty-graph';
import { injectedTotals, startFaultyGraph } from './faulty-graph';
import type { PrivateRedis } from './private-redis';
import { freePort, redisServerOnPath, startPrivateRedis } from './private-redis';
import { BENCH_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from './redis-keys';
import { runLoad } from './webhook-load';

interface Args {
  readonly phases: ('bullmq' | 'inline')[];
  readonly messages: number;
  readonly contacts: number;
  readonly redisFault: boolean;
  readonly faults: FaultPlan;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const phase = value('--phase') ?? 'both';
  if (!['bullmq', 'inline', 'both'].includes(phase)) throw new Error('--phase is bullmq, inline or both');
  return {
    phases: phase === 'both' ? ['bullmq', 'inline'] : [phase as 'bullmq' | 'inline'],
    messages: Number(value('--messages') ?? 10_000),
    contacts: Number(value('--contacts') ?? 100),
    redisFault: !argv.includes('--no-redis-fault'),
    faults: {
      seed: Number(value('--seed') ?? 11),
      retryableRate: Number(value('--retryable') ?? 0.2),
      fatalRate: Number(value('--fatal') ?? 0.02),
      maxConsecutiveRetryable: 3,
    },
  };
}

/** A bot that answers every message with exactly one message (an answer or the fallback). */
const ONE_ANSWER_BOT = {
  name: 'crash test',
  locale: 'en',
  data: [
    { intent: 'greeting', utterances: ['hi', 'hello', 'hey there', 'good morning'], answers: ['Hello!'] },
    {
      intent: 'shipping',
      utterances: ['how long does shipping take?', 'delivery time', 'when will it arrive'],
      answers: ['3 to 5 business days.'],
    },
    {
      intent: 'returns',
      utterances: ['can I return something I bought?', 'return policy', 'I want a refund'],
      answers: ['Returns are free within 30 days.'],
    },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForLog(file: string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text))) {
    if (Date.now() > deadline) throw new Error(`${file}: no "${text}" after ${timeoutMs} ms`);
    await sleep(200);
  }
}

const kill9 = (child: ChildProcess): Promise<void> => stopChild(child, { signal: 'SIGKILL' });

/** Waits until every acknowledged message is processed and no reply is pending (or the timeout). */
async function waitForSettled(dbFile: string, runId: string, acked: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
    const counts = readInbound(db, runId);
    db.close();
    if ((counts.inbound.size >= acked && counts.pending === 0) || Date.now() > deadline) return counts;
    await sleep(500);
  }
}

function botDirs(dir: string): Record<string, string> {
  const intents = path.join(dir, 'intents');
  const flows = path.join(dir, 'flows');
  fs.mkdirSync(intents, { recursive: true });
  fs.mkdirSync(flows, { recursive: true });
  fs.writeFileSync(path.join(intents, 'crash.json'), JSON.stringify(ONE_ANSWER_BOT));
  return { INTENTS_DIR: intents, FLOWS_DIR: flows };
}

/** Event log of a phase, stamped with seconds since the replay began. */
function timeline() {
  let began = Date.now();
  const events: string[] = [];
  return {
    events,
    start: () => (began = Date.now()),
    at: (fraction: number, seconds: number) =>
      sleep(Math.max(0, began + fraction * seconds * 1000 - Date.now())),
    log: (text: string) => events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: ${text}`),
  };
}

/** A replay of `args.messages` webhooks, retried until acked, with a generous deadline. */
const replay = (url: string, args: Args, rate: number, runId: string) =>
  runLoad({
    mode: 'replay',
    url,
    messages: args.messages,
    contacts: args.contacts,
    ratePerSecond: rate,
    runId,
    deadlineMs: (args.messages / rate) * 1000 + 240_000,
  });

/** Settles the run, then compares the store with the fake's ledger. */
async function settleAndVerify(
  dir: string,
  runId: string,
  load: Awaited<ReturnType<typeof runLoad>>,
  graph: FaultyGraph,
  t: ReturnType<typeof timeline>,
) {
  t.log(`replay done (${load.acked.length} acked, ${load.failures} refused/retried)`);
  const dbFile = path.join(dir, 'data', 'parley.db');
  await waitForSettled(dbFile, runId, load.acked.length, 600_000);
  t.log('settled');
  await sleep(500);
  return { injected: injectedTotals(graph, `${runId}-c`), ...verify(dbFile, runId, load, graph) };
}

/** Kills and restarts the private Redis, or pauses the shared one when there is no redis-server. */
async function redisFault(redis: PrivateRedis | null, log: (text: string) => void): Promise<void> {
  if (!redis) {
    execFileSync('redis-cli', ['-u', BENCH_REDIS_URL, 'CLIENT', 'PAUSE', '3000', 'ALL']);
    return log('shared Redis CLIENT PAUSE 3000 ALL (no redis-server on PATH)');
  }
  log('private Redis SIGKILLed');
  const { downMs, loadMs } = await redis.crashAndRestart(2000);
  log(`private Redis restarted from its AOF (down ${downMs} ms, AOF load ${loadMs} ms)`);
}

async function bullmqPhase(args: Args) {
  const dir = tempDir('crash-bullmq');
  const redisDir = path.join(dir, 'redis');
  fs.mkdirSync(redisDir);
  const redis = redisServerOnPath() ? await startPrivateRedis(redisDir) : null;
  const graph = await startFaultyGraph(args.faults);
  const prefix = uniqueRedisPrefix('crash');
  const redisUrl = redis?.url ?? BENCH_REDIS_URL;
  const env = benchEnv(path.join(dir, 'data'), graph.api.url, {
    ...botDirs(dir),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
  });
  const { server, url } = await startBenchParley(env, { workers: false });
  const workerEnv = { ...env, LOG_LEVEL: 'info' };
  const logOf = (i: number, gen: number) => path.join(dir, `worker-${i}-${gen}.log`);
  const workers = [0, 1].map((i) => spawnParley(['worker'], workerEnv, logOf(i, 0)));
  const t = timeline();
  const runId = `cb${Date.now().toString(36)}`;
  try {
    await Promise.all([0, 1].map((i) => waitForLog(logOf(i, 0), '"worker.started"', 120_000)));
    const rate = 250;
    const seconds = args.messages / rate;
    t.start();
    const loading = replay(url, args, rate, runId);
    for (const [gen, at] of [
      [1, 0.25],
      [2, 0.55],
    ] as const) {
      await t.at(at, seconds);
      await kill9(workers[0] as ChildProcess);
      t.log('SIGKILL worker 0');
      await sleep(500);
      workers[0] = spawnParley(['worker'], workerEnv, logOf(0, gen));
      t.log('restarted worker 0');
    }
    if (args.redisFault) {
      await t.at(0.8, seconds);
      await redisFault(redis, t.log);
    }
    const load = await loading;
    return { phase: 'bullmq', events: t.events, ...(await settleAndVerify(dir, runId, load, graph, t)) };
  } finally {
    await Promise.all(workers.map((w) => stopChild(w)));
    await server.stop();
    await graph.api.close();
    if (redis) await redis.stop();
    else await deleteRedisPrefix(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function inlinePhase(args: Args) {
  const dir = tempDir('crash-inline');
  const graph = await startFaultyGraph(args.faults);
  const port = await freePort();
  const env = benchEnv(path.join(dir, 'data'), graph.api.url, { ...botDirs(dir), PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'serve.log');
  let serve = spawnParley(['serve'], env, logFile);
  const t = timeline();
  const runId = `ci${Date.now().toString(36)}`;
  try {
    await waitForHealth(url, 120_000);
    const rate = 400;
    t.start();
    const loading = replay(url, args, rate, runId);
    await t.at(0.4, args.messages / rate);
    await kill9(serve);
    t.log('SIGKILL serve');
    await sleep(1000);
    serve = spawnParley(['serve'], env, logFile);
    await waitForHealth(url, 120_000);
    t.log('serve restarted and healthy');
    const load = await loading;
    return { phase: 'inline', events: t.events, ...(await settleAndVerify(dir, runId, load, graph, t)) };
  } finally {
    await stopChild(serve);
    await graph.api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function summary(
  p: PhaseVerdict & { phase: string; events: string[]; injected: ReturnType<typeof injectedTotals> },
) {
  return [
    `${p.phase}: ${p.ok ? 'OK' : 'FAILED'} — ${p.acked} acked, ${p.processed} processed, lost ${p.lost}; replies ${p.replies} (missing ${p.missingReplies}, extra ${p.extraReplies}, unresolved ${p.unresolved}); statuses ${JSON.stringify(p.statuses)}; failures ${JSON.stringify(p.failures)}`,
    `    Graph: ${p.injected.sends} send calls, ${p.injected.ok} ok, ${p.injected.retryable} retryable and ${p.injected.fatal} non-retryable errors injected ${JSON.stringify(p.injected.byLabel)}`,
    `    retried then delivered ${p.retriedThenDelivered}, retried then failed non-retryably ${p.retriedThenFailed}; duplicates ${p.duplicates}, sent without a send ${p.sentWithoutSend}, failed without reason ${p.failedWithoutReason}, unexpected failures ${JSON.stringify(p.unexpectedFailures)}, failure not given ${p.failureNotGiven}, non-retryable unrecorded ${p.fatalUnrecorded}, retryable never retried ${p.notRetried}, retries exhausted ${p.exhausted}`,
    `    delivery_unknown: ${p.unknownDelivered} had been delivered, ${p.unknownFailed} had been failed non-retryably, ${p.unknownAbandoned} had been failed retryably`,
    ...p.events.map((e) => `    ${e}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const phases = [];
  for (const phase of args.phases) {
    process.stderr.write(`crash test: ${phase} phase (${new Date().toISOString()})…\n`);
    phases.push(phase === 'bullmq' ? await bullmqPhase(args) : await inlinePhase(args));
  }
  const ok = phases.every((p) => p.ok);
  const verdict = {
    test: 'crash',
    ok,
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    messages: args.messages,
    faults: args.faults,
    phases,
  };
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
  for (const p of phases) process.stderr.write(`${summary(p)}\n`);
  process.stderr.write(`crash test ${ok ? 'passed' : 'FAILED'} in ${verdict.seconds} s\n`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
