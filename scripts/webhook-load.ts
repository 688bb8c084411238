/**
 * Shared by the webhook benchmarks and the crash test: a load generator that runs in its own process
 * (so it never competes with Parley for an event loop) and POSTs signed Messenger webhooks to
 * 127.0.0.1 over keep-alive connections, plus the environment and statistics those scripts share.
 *
 * Not a script of its own: `runLoad(spec)` forks this file (with the parent's tsx loader) and the child
 * runs one {@link LoadSpec}, then reports a {@link LoadResult} over IPC and exits. Every mode stops by
 * itself (a duration or a fixed message list, with a hard deadline).
 */
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { RawConnection } from './raw-http-connection';
import { openRawConnection, rawPostRequest } from './raw-http-connection';

/** The Meta secrets every benchmark process uses (never real ones). */
export const BENCH_META_ENV = {
  META_APP_ID: '111222333444555',
  META_APP_SECRET: 'bench-app-secret-0123456789',
  META_VERIFY_TOKEN: 'bench-verify-token-0123',
  META_PAGE_ACCESS_TOKEN: 'bench-page-token-0123456789',
} as const;
export const BENCH_PAGE_ID = '104567890123456';

/** Texts of the demo bot's common questions (each answered by an intent, some starting flows). */
export const BENCH_TEXTS = [
  'hi',
  'how long does shipping take?',
  'where is my order',
  'can I return something I bought?',
  'what payment methods do you accept?',
  'do you have any discounts?',
  'what are your store hours?',
  'thanks, bye',
] as const;

/**
 * Ack throughput: `connections` keep-alive connections, each with `pipeline` webhooks in flight, POSTing
 * the next webhook as soon as one is acknowledged.
 */
export interface ClosedLoopSpec {
  readonly mode: 'closed';
  readonly url: string;
  readonly connections: number;
  readonly durationMs: number;
  readonly eventsPerWebhook: number;
  readonly contacts: number;
  /** Makes mids unique across runs. */
  readonly runId: string;
  /**
   * `raw` (default): the cheap client of raw-http-connection.ts, with every request signed and
   * serialized before the timed phase. `node`: `http.request` over an `http.Agent`, each body built and
   * signed when sent (the load process then needs several times more CPU per webhook).
   */
  readonly client?: 'raw' | 'node';
  /** Webhooks in flight per connection (HTTP/1.1 pipelining; `raw` client only); default 1. */
  readonly pipeline?: number;
  /** Requests built before the timed phase (`raw` client); later ones are built as they are sent. */
  readonly prebuild?: number;
}

/** A fixed rate of single-event webhooks, message `i` from contact `i % contacts`. */
export interface RateSpec {
  readonly mode: 'rate';
  readonly url: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly contacts: number;
  readonly runId: string;
  /** Connections kept open for the rate (default 64). */
  readonly maxSockets?: number;
}

/**
 * A replay of `messages` webhooks at `ratePerSecond`, each retried until acknowledged (as Meta retries
 * a webhook that got no 200), giving up after `deadlineMs` in all.
 */
export interface ReplaySpec {
  readonly mode: 'replay';
  readonly url: string;
  readonly messages: number;
  readonly contacts: number;
  readonly ratePerSecond: number;
  readonly runId: string;
  readonly deadlineMs: number;
}

export type LoadSpec = ClosedLoopSpec | RateSpec | ReplaySpec;

/** What the load process reports. */
export interface LoadResult {
  readonly webhooks: number;
  /** CPU time (user + system) the load process spent in the timed phase, µs. */
  readonly loadCpuUs?: number;
  readonly events: number;
  /** Answers other than 200 and connection errors. */
  readonly failures: number;
  readonly elapsedMs: number;
  /** When the first webhook was sent (epoch ms). */
  readonly startedAt: number;
  /** Ack latency of every acknowledged webhook, ms, sorted. */
  readonly ackMs: number[];
  /** Rate mode: [psid, sentAt] of every acknowledged message, sentAt in epoch ms (sub-ms precision). */
  readonly sent: [string, number][];
  /** Replay mode: mids acknowledged (each exactly once in this list). */
  readonly acked: string[];
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** The psid of contact `i` of a run. */
export const psidOf = (runId: string, i: number): string => `${runId}-c${i}`;

/** The mid of message `i` of a run. */
export const midOf = (runId: string, i: number): string => `m_${runId}_${i}`;

/** The text of message `i` (cycles through {@link BENCH_TEXTS}). */
export const textOf = (i: number): string => BENCH_TEXTS[i % BENCH_TEXTS.length] as string;

/** Runs `spec` in a forked load process; rejects if it fails or outlives `spec`'s own limits by far. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      env: { ...process.env, PARLEY_LOAD_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const limit = ('durationMs' in spec ? spec.durationMs : spec.deadlineMs) + 60_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), limit);
    let result: LoadResult | null = null;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`load process exited with ${code} and no result`));
    });
    child.send(spec);
  });
}

/** The value at quantile `q` of sorted values. */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
export const round = (v: number, digits = 2): number => Number(v.toFixed(digits));
/** The median of values (any order). */
export const median = (values: readonly number[]): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

// ---------------------------------------------------------------- the load process

function body(runId: string, first: number, count: number, contacts: number): string {
  const now = Date.now();
  const messaging = Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return {
      sender: { id: psidOf(runId, i % contacts) },
      recipient: { id: BENCH_PAGE_ID },
      timestamp: now,
      message: { mid: midOf(runId, i), text: textOf(i) },
    };
  });
  return JSON.stringify({ object: 'page', entry: [{ id: BENCH_PAGE_ID, time: now, messaging }] });
}

const sign = (raw: string): string =>
  `sha256=${createHmac('sha256', BENCH_META_ENV.META_APP_SECRET).update(raw).digest('hex')}`;

/**
 * POSTs one signed webhook over `agent`; resolves with the status (0 when no HTTP answer came) and, for
 * a failure without an answer, the error (`code:message`). Never rejects.
 */
export function postSignedWebhook(agent: http.Agent, url: URL, raw: string): Promise<[number, string]> {
  const signature = sign(raw);
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(raw),
          'x-hub-signature-256': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve([res.statusCode ?? 0, '']));
        res.on('error', (e: NodeJS.ErrnoException) => resolve([0, `${e.code ?? ''}:${e.message}`]));
      },
    );
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve([0, `${e.code ?? ''}:${e.message}`]));
    req.end(raw);
  });
}

const post = async (agent: http.Agent, url: URL, raw: string): Promise<number> =>
  (await postSignedWebhook(agent, url, raw))[0];

type Tally = { -readonly [K in keyof Omit<LoadResult, 'elapsedMs' | 'startedAt'>]: LoadResult[K] };

const emptyResult = (): Tally => ({
  webhooks: 0,
  events: 0,
  failures: 0,
  ackMs: [],
  sent: [],
  acked: [],
});

/** About the most webhooks per second any run can reach here; sizes the pre-built pool. */
const PREBUILD_RATE = 25_000;

async function closedLoopRaw(spec: ClosedLoopSpec): Promise<LoadResult> {
  const url = new URL('/webhooks/meta', spec.url);
  const request = (i: number): Buffer => {
    const raw = body(spec.runId, i * spec.eventsPerWebhook, spec.eventsPerWebhook, spec.contacts);
    const headers = { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(raw) };
    return rawPostRequest(url, headers, raw);
  };
  const prebuild =
    spec.prebuild ?? Math.ceil(((spec.durationMs / 1000) * PREBUILD_RATE) / spec.eventsPerWebhook);
  const pool = Array.from({ length: prebuild }, (_, i) => request(i));
  const depth = spec.pipeline ?? 1;
  const open = () => openRawConnection(url.hostname, Number(url.port));
  const connections = await Promise.all(Array.from({ length: spec.connections }, open));
  const r = emptyResult();
  let next = 0;
  const cpu0 = process.cpuUsage();
  const began = epochMs();
  const end = began + spec.durationMs;
  const drive = async (first: RawConnection) => {
    let conn = first;
    let reopening: Promise<RawConnection | null> | null = null;
    // A failed connection is replaced once, for all the lanes pipelining on it.
    const live = (): Promise<RawConnection | null> => {
      if (conn.alive) return Promise.resolve(conn);
      reopening ??= open().then(
        (c) => ((conn = c), (reopening = null), c),
        () => ((reopening = null), null),
      );
      return reopening;
    };
    const lane = async () => {
      while (epochMs() < end) {
        const i = next++;
        const c = await live();
        const t0 = epochMs();
        const status = c ? await c.send(pool[i] ?? request(i)) : 0;
        if (status !== 200) {
          r.failures += 1;
          if (!c) await new Promise((res) => setTimeout(res, 50));
          continue;
        }
        r.ackMs.push(epochMs() - t0);
        r.webhooks += 1;
        r.events += spec.eventsPerWebhook;
      }
    };
    await Promise.all(Array.from({ length: depth }, lane));
    conn.close();
  };
  await Promise.all(connections.map(drive));
  const elapsedMs = epochMs() - began;
  const cpu = process.cpuUsage(cpu0);
  return { ...r, elapsedMs, startedAt: began, loadCpuUs: cpu.user + cpu.system };
}

async function closedLoopNode(spec: ClosedLoopSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL('/webhooks/meta', spec.url);
  const r = emptyResult();
  let next = 0;
  const cpu0 = process.cpuUsage();
  const began = epochMs();
  const end = began + spec.durationMs;
  const loop = async () => {
    while (epochMs() < end) {
      const first = next;
      next += spec.eventsPerWebhook;
      const t0 = epochMs();
      const status = await post(agent, url, body(spec.runId, first, spec.eventsPerWebhook, spec.contacts));
      if (status !== 200) {
        r.failures += 1;
        continue;
      }
      r.ackMs.push(epochMs() - t0);
      r.webhooks += 1;
      r.events += spec.eventsPerWebhook;
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, loop));
  agent.destroy();
  const elapsedMs = epochMs() - began;
  const cpu = process.cpuUsage(cpu0);
  return { ...r, elapsedMs, startedAt: began, loadCpuUs: cpu.user + cpu.system };
}

async function atRate(spec: RateSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.maxSockets ?? 64 });
  const url = new URL('/webhooks/meta', spec.url);
  const r = emptyResult();
  const total = Math.round((spec.ratePerSecond * spec.durationMs) / 1000);
  const began = epochMs();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / spec.ratePerSecond;
    const wait = due - epochMs();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    const psid = psidOf(spec.runId, i % spec.contacts);
    const t0 = epochMs();
    inflight.push(
      post(agent, url, body(spec.runId, i, 1, spec.contacts)).then((status) => {
        if (status !== 200) {
          r.failures += 1;
          return;
        }
        r.ackMs.push(epochMs() - t0);
        r.sent.push([psid, t0]);
        r.webhooks += 1;
        r.events += 1;
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { ...r, elapsedMs: epochMs() - began, startedAt: began };
}

async function replay(spec: ReplaySpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL('/webhooks/meta', spec.url);
  const r = emptyResult();
  const began = epochMs();
  const deadline = began + spec.deadlineMs;
  const deliver = async (i: number) => {
    const raw = body(spec.runId, i, 1, spec.contacts);
    for (let attempt = 0; epochMs() < deadline; attempt++) {
      const t0 = epochMs();
      const status = await post(agent, url, raw);
      if (status === 200) {
        r.ackMs.push(epochMs() - t0);
        r.acked.push(midOf(spec.runId, i));
        r.webhooks += 1;
        r.events += 1;
        return;
      }
      r.failures += 1;
      // Meta retries with backoff; a restarting server needs a moment.
      await new Promise((res) => setTimeout(res, Math.min(2000, 100 * 2 ** attempt)));
    }
  };
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < spec.messages; i++) {
    const wait = began + (i * 1000) / spec.ratePerSecond - epochMs();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    inflight.push(deliver(i));
  }
  await Promise.all(inflight);
  agent.destroy();
  r.ackMs.sort((a, b) => a - b);
  return { ...r, elapsedMs: epochMs() - began, startedAt: began };
}

if (process.env.PARLEY_LOAD_CHILD === '1' && process.send) {
  process.once('message', (spec: LoadSpec) => {
    const run =
      spec.mode === 'closed'
        ? spec.client === 'node'
          ? closedLoopNode(spec)
          : closedLoopRaw(spec)
        : spec.mode === 'rate'
          ? atRate(spec)
          : replay(spec);
    void run.then(
      (result) => {
        result.ackMs.sort((a, b) => a - b);
        process.send?.(result, () => process.exit(0));
      },
      (error: unknown) => {
        process.stderr.write(`load process: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
