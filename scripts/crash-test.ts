/**
 * Crash test: no acknowledged webhook is lost and no reply is sent twice when processes die.
 *
 *   npx tsx scripts/crash-test.ts [--phase bullmq|inline|both] [--messages 5000] [--contacts 100]
 *                                 [--no-redis-pause]
 *
 * bullmq: the API in this process (`serve --no-worker`, REDIS_URL, unique REDIS_PREFIX) and two
 *   `parley worker` child processes; 5,000 signed webhooks (distinct mids, 100 contacts) are replayed
 *   and retried until acknowledged, as Meta does; worker 0 is SIGKILLed twice during the replay and
 *   restarted each time; then Redis is made unavailable for 3 s with `CLIENT PAUSE 3000 ALL` (a real
 *   restart — `SHUTDOWN NOSAVE` — would destroy other users' data on the shared server; the pause
 *   blocks every client as an outage does, without losing data).
 * inline: `parley serve` (embedded default) as a child; it is SIGKILLed mid-replay and restarted on
 *   the same DATA_DIR and port; webhooks refused meanwhile are retried.
 *
 * Verdict, from the SQLite store and the fake Graph API: every acknowledged message is logged as
 * processed and answered by exactly one reply (a one-answer bot), and every reply was delivered exactly
 * once or recorded as failed with a reason (`outbound.delivery_unknown` counts as recorded; a send the
 * Graph API received for such a message is not a duplicate). JSON verdict on stdout, summary on stderr,
 * exit code 1 on any loss or duplicate.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BenchGraph } from './bench-parley';
import {
  benchEnv,
  spawnParley,
  startBenchGraph,
  startBenchParley,
  tempDir,
  waitForHealth,
} from './bench-parley';
import { BENCH_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from './redis-keys';
import type { LoadResult } from './webhook-load';
import { runLoad } from './webhook-load';

interface Args {
  readonly phases: ('bullmq' | 'inline')[];
  readonly messages: number;
  readonly contacts: number;
  readonly redisPause: boolean;
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
    messages: Number(value('--messages') ?? 5000),
    contacts: Number(value('--contacts') ?? 100),
    redisPause: !argv.includes('--no-redis-pause'),
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

/** The fake Graph API, answering each send with an id it remembers (to tell duplicates). */
async function startCountingGraph(): Promise<BenchGraph & { readonly sent: Map<string, string> }> {
  const sent = new Map<string, string>();
  let n = 0;
  const graph = await startBenchGraph();
  graph.api.script((call) => {
    const psid = (call.body as { recipient?: { id?: string } }).recipient?.id ?? '';
    const id = `m_crash_${++n}`;
    sent.set(id, psid);
    return { body: { recipient_id: psid, message_id: id } };
  });
  return { ...graph, sent };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForLog(file: string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text))) {
    if (Date.now() > deadline) throw new Error(`${file}: no "${text}" after ${timeoutMs} ms`);
    await sleep(200);
  }
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface StoreCounts {
  readonly inbound: Set<string>;
  readonly pending: number;
}

function readInbound(db: Database.Database, runId: string): StoreCounts {
  const rows = db
    .prepare(
      `SELECT platform_message_id AS mid FROM messages WHERE direction = 'in' AND platform_message_id LIKE ?`,
    )
    .all(`m_${runId}_%`) as { mid: string }[];
  const pending = db
    .prepare(
      `SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status IN ('pending', 'sending')`,
    )
    .get() as { n: number };
  return { inbound: new Set(rows.map((r) => r.mid)), pending: pending.n };
}

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

/** Compares the store with what the fake Graph API received. */
function verify(dbFile: string, runId: string, load: LoadResult, graph: { sent: Map<string, string> }) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const { inbound } = readInbound(db, runId);
    const lost = load.acked.filter((mid) => !inbound.has(mid));
    const rows = db
      .prepare(
        `SELECT c.external_id AS psid, m.direction, m.status, m.error, m.platform_message_id AS pmid
           FROM messages m JOIN contacts c ON c.id = m.contact_id
          WHERE c.external_id LIKE ? AND m.sender IN ('user', 'bot')`,
      )
      .all(`${runId}-c%`) as {
      psid: string;
      direction: string;
      status: string;
      error: string | null;
      pmid: string | null;
    }[];
    const perContact = new Map<string, { in: number; out: number; unknown: number; sendsRecorded: number }>();
    const tally = (psid: string) => {
      let t = perContact.get(psid);
      if (!t) perContact.set(psid, (t = { in: 0, out: 0, unknown: 0, sendsRecorded: 0 }));
      return t;
    };
    const statuses: Record<string, number> = {};
    const failures: Record<string, number> = {};
    const referenced = new Set<string>();
    let sentWithoutSend = 0;
    for (const r of rows) {
      const t = tally(r.psid);
      if (r.direction === 'in') {
        t.in += 1;
        continue;
      }
      t.out += 1;
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 'failed') {
        const code = (r.error ?? 'no reason').split(':')[0] as string;
        failures[code] = (failures[code] ?? 0) + 1;
        if (code === 'outbound.delivery_unknown') t.unknown += 1;
      }
      if (r.status === 'sent') {
        if (r.pmid && graph.sent.has(r.pmid)) referenced.add(r.pmid);
        else sentWithoutSend += 1;
      }
    }
    // Sends the store does not reference: allowed only for messages recorded as delivery_unknown.
    const orphans = new Map<string, number>();
    for (const [id, psid] of graph.sent) {
      if (!psid.startsWith(`${runId}-c`) || referenced.has(id)) continue;
      orphans.set(psid, (orphans.get(psid) ?? 0) + 1);
    }
    let duplicates = 0;
    let unknownDelivered = 0;
    for (const [psid, n] of orphans) {
      const allowed = perContact.get(psid)?.unknown ?? 0;
      unknownDelivered += Math.min(n, allowed);
      duplicates += Math.max(0, n - allowed);
    }
    let missingReplies = 0;
    let extraReplies = 0;
    for (const t of perContact.values()) {
      missingReplies += Math.max(0, t.in - t.out);
      extraReplies += Math.max(0, t.out - t.in);
    }
    const unresolved = (statuses.pending ?? 0) + (statuses.sending ?? 0);
    return {
      acked: load.acked.length,
      processed: inbound.size,
      lost: lost.length,
      lostSample: lost.slice(0, 5),
      replies: rows.filter((r) => r.direction === 'out').length,
      statuses,
      failures,
      missingReplies,
      extraReplies,
      unresolved,
      sendsAtGraph: [...graph.sent.values()].filter((p) => p.startsWith(`${runId}-c`)).length,
      duplicates,
      sentWithoutSend,
      unknownDelivered,
      ok:
        lost.length === 0 &&
        missingReplies === 0 &&
        extraReplies === 0 &&
        unresolved === 0 &&
        duplicates === 0 &&
        sentWithoutSend === 0,
    };
  } finally {
    db.close();
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

async function bullmqPhase(args: Args) {
  const dir = tempDir('crash-bullmq');
  const graph = await startCountingGraph();
  const prefix = uniqueRedisPrefix('crash');
  const env = benchEnv(path.join(dir, 'data'), graph.api.url, {
    ...botDirs(dir),
    REDIS_URL: BENCH_REDIS_URL,
    REDIS_PREFIX: prefix,
  });
  const { server, url } = await startBenchParley(env, { workers: false });
  const workerEnv = { ...env, LOG_LEVEL: 'info' };
  const logOf = (i: number, gen: number) => path.join(dir, `worker-${i}-${gen}.log`);
  const workers = [0, 1].map((i) => spawnParley(['worker'], workerEnv, logOf(i, 0)));
  const events: string[] = [];
  const runId = `cb${Date.now().toString(36)}`;
  try {
    await Promise.all([0, 1].map((i) => waitForLog(logOf(i, 0), '"worker.started"', 90_000)));
    const began = Date.now();
    const replaySeconds = args.messages / 250;
    const loading = runLoad({
      mode: 'replay',
      url,
      messages: args.messages,
      contacts: args.contacts,
      ratePerSecond: 250,
      runId,
      deadlineMs: 120_000,
    });
    for (const [gen, at] of [
      [1, 0.25],
      [2, 0.55],
    ] as const) {
      await sleep(Math.max(0, began + at * replaySeconds * 1000 - Date.now()));
      await kill9(workers[0] as ChildProcess);
      events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: SIGKILL worker 0`);
      await sleep(500);
      workers[0] = spawnParley(['worker'], workerEnv, logOf(0, gen));
      events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: restarted worker 0`);
    }
    if (args.redisPause) {
      await sleep(Math.max(0, began + 0.8 * replaySeconds * 1000 - Date.now()));
      execFileSync('redis-cli', ['-u', BENCH_REDIS_URL, 'CLIENT', 'PAUSE', '3000', 'ALL']);
      events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: Redis CLIENT PAUSE 3000 ALL`);
    }
    const load = await loading;
    events.push(
      `${((Date.now() - began) / 1000).toFixed(1)} s: replay done (${load.acked.length} acked, ${load.failures} refused/retried)`,
    );
    const dbFile = path.join(dir, 'data', 'parley.db');
    await waitForSettled(dbFile, runId, load.acked.length, 90_000);
    events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: settled`);
    await sleep(500);
    return { phase: 'bullmq', events, ...verify(dbFile, runId, load, graph) };
  } finally {
    await Promise.all(workers.map(stop));
    await server.stop();
    await graph.api.close();
    await deleteRedisPrefix(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function inlinePhase(args: Args) {
  const dir = tempDir('crash-inline');
  const graph = await startCountingGraph();
  const port = await freePort();
  const env = benchEnv(path.join(dir, 'data'), graph.api.url, { ...botDirs(dir), PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'serve.log');
  let serve = spawnParley(['serve'], env, logFile);
  const events: string[] = [];
  const runId = `ci${Date.now().toString(36)}`;
  try {
    await waitForHealth(url, 90_000);
    const began = Date.now();
    const rate = 400;
    const loading = runLoad({
      mode: 'replay',
      url,
      messages: args.messages,
      contacts: args.contacts,
      ratePerSecond: rate,
      runId,
      deadlineMs: 120_000,
    });
    await sleep((0.4 * args.messages * 1000) / rate);
    await kill9(serve);
    events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: SIGKILL serve`);
    await sleep(1000);
    serve = spawnParley(['serve'], env, logFile);
    await waitForHealth(url, 90_000);
    events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: serve restarted and healthy`);
    const load = await loading;
    events.push(
      `${((Date.now() - began) / 1000).toFixed(1)} s: replay done (${load.acked.length} acked, ${load.failures} refused/retried)`,
    );
    const dbFile = path.join(dir, 'data', 'parley.db');
    await waitForSettled(dbFile, runId, load.acked.length, 90_000);
    events.push(`${((Date.now() - began) / 1000).toFixed(1)} s: settled`);
    await sleep(500);
    return { phase: 'inline', events, ...verify(dbFile, runId, load, graph) };
  } finally {
    await stop(serve);
    await graph.api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const phases = [];
  for (const phase of args.phases) {
    process.stderr.write(`crash test: ${phase} phase…\n`);
    phases.push(phase === 'bullmq' ? await bullmqPhase(args) : await inlinePhase(args));
  }
  const ok = phases.every((p) => p.ok);
  const verdict = { test: 'crash', ok, seconds: Math.round((Date.now() - started) / 1000), phases };
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
  for (const p of phases) {
    process.stderr.write(
      [
        `${p.phase}: ${p.ok ? 'OK' : 'FAILED'} — ${p.acked} acked, ${p.processed} processed, lost ${p.lost}; replies ${p.replies} (missing ${p.missingReplies}, extra ${p.extraReplies}, unresolved ${p.unresolved}); statuses ${JSON.stringify(p.statuses)}; failures ${JSON.stringify(p.failures)}; Graph sends ${p.sendsAtGraph}, duplicates ${p.duplicates}, delivery_unknown actually sent ${p.unknownDelivered}, sent without a send ${p.sentWithoutSend}`,
        ...p.events.map((e) => `    ${e}`),
      ].join('\n') + '\n',
    );
  }
  process.stderr.write(`crash test ${ok ? 'passed' : 'FAILED'} in ${verdict.seconds} s\n`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
