/**
 * The benchmarks' fake Graph API in a process of its own, so that answering Parley's sends never
 * competes with Parley for its event loop (nor is counted in Parley's CPU time).
 *
 * Not a script of its own: {@link startGraphProcess} forks this file (with the parent's tsx loader);
 * the child starts the fake (`recordCalls: false`, any profile, messages not validated), keeps one
 * `[psid, epoch ms]` per message send, and answers the parent's requests over IPC.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { startFakeGraphApi } from '../src/cli/fake-graph-api';
import { epochMs } from './webhook-load';

/** A message send the fake received: recipient psid and when (epoch ms). */
export type SendStamp = readonly [psid: string, at: number];

/** Requests from the parent. */
type Request =
  | { readonly id: number; readonly op: 'count' }
  | { readonly id: number; readonly op: 'take' }
  | { readonly id: number; readonly op: 'close' };

/** The fake Graph API running in a child process. */
export interface GraphProcess {
  /** Base URL to use as `META_GRAPH_URL`. */
  readonly url: string;
  /** Message sends received so far (since the last {@link take}). */
  count(): Promise<number>;
  /** The sends received since the last call, oldest first; forgets them. */
  take(): Promise<SendStamp[]>;
  /** Resolves when no send arrived for `quietMs` (or after `timeoutMs`); returns the count. */
  waitForQuiet(quietMs: number, timeoutMs: number): Promise<number>;
  /** Stops the fake and its process. */
  close(): Promise<void>;
}

/** Forks the fake Graph API process and resolves once it listens. */
export async function startGraphProcess(): Promise<GraphProcess> {
  const child: ChildProcess = fork(__filename, ['--child'], {
    execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m) => resolve((m as { url: string }).url));
  });
  child.on('message', (m) => {
    const { id, value } = m as { id: number; value: unknown };
    waiting.get(id)?.(value);
    waiting.delete(id);
  });
  const ask = <T>(op: Request['op']): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (value: unknown) => void);
      child.send({ id, op });
    });
  return {
    url,
    count: () => ask<number>('count'),
    take: () => ask<SendStamp[]>('take'),
    async waitForQuiet(quietMs, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let count = -1;
      let since = Date.now();
      while (Date.now() < deadline) {
        const n = await ask<number>('count');
        if (n !== count) {
          count = n;
          since = Date.now();
        } else if (Date.now() - since >= quietMs) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      return count;
    },
    async close() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask<null>('close');
      await exited;
    },
  };
}

async function runChild(): Promise<void> {
  let stamps: SendStamp[] = [];
  const api = await startFakeGraphApi({
    recordCalls: false,
    anyProfile: true,
    validateMessages: false,
    onCall: (call) => {
      if (call.kind !== 'send') return;
      stamps.push([(call.body as { recipient?: { id?: string } }).recipient?.id ?? '', epochMs()]);
    },
  });
  process.on('message', (m) => {
    const request = m as Request;
    if (request.op === 'count') {
      process.send?.({ id: request.id, value: stamps.length });
    } else if (request.op === 'take') {
      process.send?.({ id: request.id, value: stamps });
      stamps = [];
    } else {
      void api.close().then(() => {
        process.send?.({ id: request.id, value: null }, () => process.exit(0));
      });
    }
  });
  // The parent is gone (it exited or was killed): do not outlive it.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: api.url });
}

if (process.argv.includes('--child') && process.send !== undefined) {
  runChild().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
