/**
 * Shared by the webhook benchmarks and the crash test: an in-process Parley on a temp DATA_DIR with
 * the demo bot, its Meta webhooks signed with {@link BENCH_META_ENV} and its Graph API pointed at an
 * in-process fake that records when each reply was sent, and the environment child processes
 * (`parley serve` / `parley worker`) need for the same setup.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeGraphApi, RecordedCall } from '../src/cli/fake-graph-api';
import { startFakeGraphApi } from '../src/cli/fake-graph-api';
import { parseConfig } from '../src/config';
import type { Parley, RunningServer } from '../src/main';
import { createLogger, createParley, startServer } from '../src/main';
import { BENCH_META_ENV, epochMs } from './webhook-load';

const ROOT = path.resolve(__dirname, '..');

/** A reply the fake Graph API received: recipient psid, when (epoch ms) and the answer it gave. */
export interface SentReply {
  readonly psid: string;
  readonly at: number;
}

/** The fake Graph API of a benchmark, with every message send kept as a {@link SentReply}. */
export interface BenchGraph {
  readonly api: FakeGraphApi;
  readonly replies: SentReply[];
}

/** Starts the fake Graph API (`recordCalls: false`; sends are kept as small {@link SentReply}s). */
export async function startBenchGraph(
  onSend?: (call: RecordedCall) => void,
  options: { validateMessages?: boolean } = {},
): Promise<BenchGraph> {
  const replies: SentReply[] = [];
  const api = await startFakeGraphApi({
    recordCalls: false,
    anyProfile: true,
    validateMessages: options.validateMessages ?? false,
    onCall: (call) => {
      if (call.kind !== 'send') return;
      const psid = (call.body as { recipient?: { id?: string } }).recipient?.id ?? '';
      replies.push({ psid, at: epochMs() });
      onSend?.(call);
    },
  });
  return { api, replies };
}

/** A fresh temp directory for a run's DATA_DIR (and anything else); remove it with `fs.rmSync`. */
export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `parley-${name}-`));
}

/**
 * The environment of a benchmark Parley: embedded defaults (inline queue unless `extra` sets
 * REDIS_URL), the demo bot, quiet logs, fake Graph API. `META_SEND_RATE` is raised because every
 * benchmark message goes to one page, and Parley's default per-page budget (200/s, below Meta's ~300/s)
 * would be the bottleneck instead of Parley.
 */
export function benchEnv(dataDir: string, graphUrl: string, extra: Record<string, string> = {}) {
  return {
    DATA_DIR: dataDir,
    INTENTS_DIR: path.join(ROOT, 'intents'),
    FLOWS_DIR: path.join(ROOT, 'flows'),
    WATCH: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    ...BENCH_META_ENV,
    META_GRAPH_URL: graphUrl,
    META_SEND_RATE: '100000',
    SEND_RETRY_BASE_MS: '50',
    ...extra,
  };
}

/** An in-process Parley listening on 127.0.0.1 (random port); `workers: false` for `serve --no-worker`. */
export async function startBenchParley(
  env: Record<string, string>,
  options: { workers?: boolean } = {},
): Promise<{ parley: Parley; server: RunningServer; url: string }> {
  const config = parseConfig(env, ROOT);
  const parley = createParley(config, createLogger(config, 2));
  const server = await startServer(parley, options);
  return { parley, server, url: `http://127.0.0.1:${server.port}` };
}

/**
 * Spawns `parley <args>` (TypeScript through tsx, like `npm run dev`) with `env` on top of this
 * process's environment; its output goes to `logFile`.
 */
export function spawnParley(
  args: readonly string[],
  env: Record<string, string>,
  logFile: string,
): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, path.join(ROOT, 'src/cli/dev.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return child;
}

/**
 * Stops a child process: sends `signal` (default SIGTERM), SIGKILLs it if it is still running after
 * `graceMs`, and resolves once it has exited (at once if it already had).
 */
export function stopChild(
  child: ChildProcess,
  options: { readonly signal?: NodeJS.Signals; readonly graceMs?: number } = {},
): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(options.signal ?? 'SIGTERM');
  });
}

/** Resolves once `url`/healthz answers 200 (rejects after `timeoutMs`). */
export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Resolves when no reply arrived for `quietMs` (or after `timeoutMs`); returns the last reply time. */
export async function waitForQuiet(graph: BenchGraph, quietMs: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (graph.replies.length !== count) {
      count = graph.replies.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return graph.replies.at(-1)?.at ?? 0;
}

/**
 * Latency of each sent message to its first reply: for every [psid, sentAt], the first reply to that
 * psid at or after sentAt. Unambiguous while one contact's messages are further apart than the
 * latencies. Returns the sorted latencies and how many messages got no reply.
 */
export function replyLatencies(
  sent: readonly [string, number][],
  replies: readonly SentReply[],
): { latencies: number[]; unanswered: number; timeline: number[] } {
  const byPsid = new Map<string, number[]>();
  for (const r of replies) {
    const list = byPsid.get(r.psid) ?? [];
    list.push(r.at);
    byPsid.set(r.psid, list);
  }
  for (const list of byPsid.values()) list.sort((a, b) => a - b);
  const latencies: number[] = [];
  const perSecond: number[][] = [];
  const start = sent[0]?.[1] ?? 0;
  let unanswered = 0;
  for (const [psid, at] of sent) {
    const first = byPsid.get(psid)?.find((t) => t >= at);
    if (first === undefined) unanswered += 1;
    else {
      latencies.push(first - at);
      const second = Math.floor((at - start) / 1000);
      (perSecond[second] ??= []).push(first - at);
    }
  }
  const timeline = Array.from(perSecond, (l) => (l ? Math.round(Math.max(...l)) : 0));
  return { latencies: latencies.sort((a, b) => a - b), unanswered, timeline };
}
