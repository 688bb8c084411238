/**
 * The soak test's load generator, in its own process (forked by {@link startSoakLoad}, so it never
 * shares an event loop with the server or the fake Graph API): signed single-event Messenger webhooks
 * at a fixed rate over keep-alive connections, message `i` from contact `i % contacts`, streaming every
 * completed request to the parent once a second, so the parent can cut the run into windows.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { BENCH_PAGE_ID, epochMs, midOf, postSignedWebhook, psidOf, textOf } from './webhook-load';

/** What to send. */
export interface SoakLoadSpec {
  readonly url: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly contacts: number;
  readonly runId: string;
}

/**
 * One completed request: [sentAt epoch ms, ack latency ms, HTTP status (0: no answer), psid, error code
 * of a request that got no answer ('' otherwise; 'timeout' after 10 s)].
 */
export type Completion = readonly [number, number, number, string, string];

/** Messages from the load process. */
type LoadMessage =
  | { readonly type: 'started'; readonly at: number }
  | { readonly type: 'batch'; readonly completions: Completion[] }
  | { readonly type: 'done' };

/** Runs the load in a child; `onBatch` gets completions as they come. Resolves when all are in. */
export function startSoakLoad(
  spec: SoakLoadSpec,
  onStart: (at: number) => void,
  onBatch: (completions: readonly Completion[]) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      env: { ...process.env, PARLEY_SOAK_LOAD_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.durationMs + 120_000);
    let done = false;
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'started') onStart(m.at);
      else if (m.type === 'batch') onBatch(m.completions);
      else done = true;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (done) resolve();
      else reject(new Error(`soak load process exited with ${code} before finishing`));
    });
    child.send(spec);
  });
}

function webhook(runId: string, i: number, contacts: number): string {
  const now = Date.now();
  const event = {
    sender: { id: psidOf(runId, i % contacts) },
    recipient: { id: BENCH_PAGE_ID },
    timestamp: now,
    message: { mid: midOf(runId, i), text: textOf(i) },
  };
  return JSON.stringify({ object: 'page', entry: [{ id: BENCH_PAGE_ID, time: now, messaging: [event] }] });
}

async function run(spec: SoakLoadSpec): Promise<void> {
  // FIFO keeps every pooled socket in use: with LIFO, sockets opened during a burst sit idle until the
  // server's keep-alive timeout (5 s) closes them, racing a request sent on them (a client-side reset).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'fifo' });
  const url = new URL('/webhooks/meta', spec.url);
  let batch: Completion[] = [];
  const flush = () => {
    if (batch.length > 0) process.send?.({ type: 'batch', completions: batch });
    batch = [];
  };
  const flusher = setInterval(flush, 1000);
  const total = Math.round((spec.ratePerSecond * spec.durationMs) / 1000);
  const began = epochMs();
  process.send?.({ type: 'started', at: began });
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const wait = began + (i * 1000) / spec.ratePerSecond - epochMs();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = epochMs();
    const psid = psidOf(spec.runId, i % spec.contacts);
    const p = postSignedWebhook(agent, url, webhook(spec.runId, i, spec.contacts)).then(([status, error]) => {
      batch.push([t0, epochMs() - t0, status, psid, error]);
      inflight.delete(p);
    });
    inflight.add(p);
  }
  await Promise.all(inflight);
  clearInterval(flusher);
  flush();
  agent.destroy();
  process.send?.({ type: 'done' }, () => process.exit(0));
}

if (process.env.PARLEY_SOAK_LOAD_CHILD === '1' && process.send) {
  process.once('message', (spec: SoakLoadSpec) => {
    run(spec).catch((error: unknown) => {
      process.stderr.write(`soak load process: ${String(error)}\n`);
      process.exit(1);
    });
  });
}
