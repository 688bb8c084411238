/**
 * Soak: the embedded default (`parley serve`: inline queue, SQLite) under sustained signed-webhook
 * load on loopback, watched for memory growth, latency drift and event-loop stalls.
 *
 *   npx tsx scripts/soak.ts [--seconds 300] [--rate 300] [--contacts 500] [--window 10] [--warmup 60]
 *
 * Three processes: this one (the fake Graph API and the sampler), the server as a child started with
 * `--expose-gc` and soak-probe.ts preloaded (it reports memory and event-loop delay over IPC), and the
 * load generator (soak-load.ts). This process also watches the server's main thread from outside
 * (syscall-watch.ts) and names the system calls it was blocked in during stalls. At the end of every
 * window the server is sampled: RSS, heapUsed before and after a forced full GC, the max and p99
 * event-loop delay since the previous sample, where a stall's time went. Per window:
 * webhooks acked per second, ack latency p50/p99 (by send time), replies the fake Graph API received
 * and reply latency (message sent → first reply to that contact), and the server sample.
 *
 * Verdict (the first `--warmup` seconds load caches, compile code and grow the heap to its working size):
 * - memory steady: heapUsed after GC at the end is less than 10 % above heapUsed after GC at the end of
 *   the warm-up;
 * - ack latency steady: the last window's p99 is at most 2× the first window after the warm-up's;
 * - no event-loop stall: no late tick above 100 ms in any window once the time the main thread waited
 *   for a CPU is taken out (`/proc/thread-self/schedstat`; see soak-probe.ts) — on a shared machine the
 *   wall-clock delay (`loopDelayMaxMs`, also reported) mostly measures the neighbours; the forced GC of
 *   the sample itself is excluded (reported as `gcMs`);
 * - every webhook acknowledged with 200 (the load generator's pool is FIFO, so no keep-alive race).
 * JSON on stdout, a summary on stderr, exit code 1 when the verdict fails.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  benchEnv,
  replyLatencies,
  startBenchGraph,
  stopChild,
  tempDir,
  waitForHealth,
  waitForQuiet,
} from './bench-parley';
import { freePort } from './private-redis';
import type { BlockedCall } from './syscall-watch';
import { startSyscallWatch } from './syscall-watch';
import type { ProbeSample } from './soak-probe';
import type { Completion } from './soak-load';
import { startSoakLoad } from './soak-load';
import { quantile, round } from './webhook-load';

const ROOT = path.resolve(__dirname, '..');

interface Args {
  readonly seconds: number;
  readonly rate: number;
  readonly contacts: number;
  readonly windowSeconds: number;
  readonly warmupSeconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string, dflt: number) => {
    const i = argv.indexOf(flag);
    const v = i === -1 ? dflt : Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} must be a positive number`);
    return v;
  };
  const windowSeconds = value('--window', 10);
  const seconds = Math.max(2, Math.floor(value('--seconds', 300) / windowSeconds)) * windowSeconds;
  return {
    seconds,
    rate: value('--rate', 300),
    contacts: value('--contacts', 500),
    windowSeconds,
    // At least one window after the warm-up to compare with the last.
    warmupSeconds: Math.min(value('--warmup', 60), seconds - 2 * windowSeconds),
  };
}

/** The server child with the probe preloaded and an IPC channel to ask it for samples. */
function spawnServer(env: Record<string, string>, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const probe = pathToFileURL(path.join(__dirname, 'soak-probe.ts')).href;
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...process.execArgv, '--import', probe, path.join(ROOT, 'src/cli/dev.ts'), 'serve'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out, 'ipc'] },
  );
  fs.closeSync(out);
  return child;
}

/** Asks the server's probe for a sample. */
function sample(child: ChildProcess, timeoutMs = 15_000): Promise<ProbeSample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no sample from the server in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: unknown) => {
      if ((m as { type?: unknown }).type !== 'soak.sample') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as ProbeSample);
    };
    child.on('message', onMessage);
    child.send({ type: 'soak.sample' });
  });
}

const roundAll = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v])) as T;

/** A file name without the run's temp directory. */
const shortFile = (file: string | null) => (file ? file.replace(/^.*\/parley-soak-[^/]+\//, '') : null);

const mb = (bytes: number | null) => (bytes === null ? null : round(bytes / 2 ** 20, 1));

/** One window's figures. */
function windowStats(
  k: number,
  args: Args,
  completions: readonly Completion[],
  replyAt: readonly number[],
  probe: ProbeSample | undefined,
  latencies: { readonly latencies: number[]; readonly unanswered: number },
  blocked: readonly BlockedCall[] | null,
) {
  const ack = completions
    .filter((c) => c[2] === 200)
    .map((c) => c[1])
    .sort((a, b) => a - b);
  return {
    window: k,
    fromS: k * args.windowSeconds,
    sent: completions.length,
    errors: completions.length - ack.length,
    statuses: completions.reduce<Record<number, number>>(
      (t, c) => ({ ...t, [c[2]]: (t[c[2]] ?? 0) + 1 }),
      {},
    ),
    ackPerS: round(ack.length / args.windowSeconds, 1),
    ackP50Ms: round(quantile(ack, 0.5)),
    ackP99Ms: round(quantile(ack, 0.99)),
    ackMaxMs: round(ack.at(-1) ?? 0),
    repliesPerS: round(replyAt.length / args.windowSeconds, 1),
    replyP50Ms: round(quantile(latencies.latencies, 0.5)),
    replyP99Ms: round(quantile(latencies.latencies, 0.99)),
    unanswered: latencies.unanswered,
    rssMb: probe ? mb(probe.rss) : null,
    heapMb: probe ? mb(probe.heapUsedBefore) : null,
    heapAfterGcMb: probe ? mb(probe.heapUsedAfterGc) : null,
    loopDelayMaxMs: probe ? round(probe.loopDelay.max) : null,
    loopDelayP99Ms: probe ? round(probe.loopDelay.p99) : null,
    stallSelfMaxMs: probe?.stall.selfMs != null ? round(probe.stall.selfMs) : null,
    worstStall: probe ? roundAll(probe.stall.worst) : null,
    naturalGcMaxMs: probe ? round(probe.stall.gcMaxMs) : null,
    /** The main thread's longest blocking system calls (null: not observable). */
    blockedCalls: blocked
      ? blocked.slice(0, 3).map((b) => ({ ms: round(b.ms, 0), call: b.call, file: shortFile(b.file) }))
      : null,
    runQueueShare: probe?.stall.runQueueShare ?? null,
    cpuShare: probe?.stall.cpuShare ?? null,
    gcMs: probe?.gcMs != null ? round(probe.gcMs) : null,
  };
}

type Window = ReturnType<typeof windowStats>;

/** Least-squares slope of heap after GC, MB per minute, over the windows after the warm-up. */
function heapSlope(steady: readonly Window[], windowSeconds: number): number {
  const points = steady.flatMap((w) =>
    w.heapAfterGcMb === null ? [] : [[((w.window + 1) * windowSeconds) / 60, w.heapAfterGcMb] as const],
  );
  if (points.length < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return round(num / den, 2);
}

/** Blocking system calls of 100 ms or more over the run, by call and file: count and longest. */
function blockedSummary(windows: readonly Window[]) {
  const by: Record<string, { count: number; maxMs: number }> = {};
  for (const w of windows)
    for (const b of w.blockedCalls ?? []) {
      if (b.ms < 100) continue;
      const key = `${b.call} ${b.file ?? ''}`.trim();
      const t = (by[key] ??= { count: 0, maxMs: 0 });
      t.count += 1;
      t.maxMs = Math.max(t.maxMs, b.ms);
    }
  return by;
}

function verdict(windows: readonly Window[], args: Args, baseline: ProbeSample) {
  const warm = Math.ceil(args.warmupSeconds / args.windowSeconds);
  const endOfWarmup = windows[warm - 1];
  const firstSteady = windows[warm] as Window;
  const last = windows.at(-1) as Window;
  const heapStart = endOfWarmup?.heapAfterGcMb ?? mb(baseline.heapUsedAfterGc);
  const heapGrowth =
    heapStart && last.heapAfterGcMb !== null ? round((last.heapAfterGcMb - heapStart) / heapStart, 3) : null;
  const maxLoopDelay = Math.max(...windows.map((w) => w.loopDelayMaxMs ?? 0));
  const selfStalls = windows.map((w) => w.stallSelfMaxMs);
  const maxSelfStall = selfStalls.every((v) => v !== null) ? Math.max(...(selfStalls as number[])) : null;
  const errors = windows.reduce((s, w) => s + w.errors, 0);
  const checks = {
    memorySteady: heapGrowth !== null && heapGrowth < 0.1,
    ackP99Steady: last.ackP99Ms <= 2 * firstSteady.ackP99Ms,
    noLoopStall: (maxSelfStall ?? maxLoopDelay) <= 100,
    allAcked: errors === 0,
  };
  return {
    ok: Object.values(checks).every(Boolean),
    checks,
    heapAfterGcAtWarmupMb: heapStart,
    heapAfterGcAtEndMb: last.heapAfterGcMb,
    heapGrowth,
    heapSlopeMbPerMin: heapSlope(windows.slice(warm), args.windowSeconds),
    rssAtWarmupMb: endOfWarmup?.rssMb ?? mb(baseline.rss),
    rssAtEndMb: last.rssMb,
    firstSteadyAckP99Ms: firstSteady.ackP99Ms,
    lastAckP99Ms: last.ackP99Ms,
    maxLoopDelayMs: maxLoopDelay,
    maxSelfStallMs: maxSelfStall,
    worstStall: (() => {
      const w = windows.reduce((a, b) => ((b.stallSelfMaxMs ?? 0) > (a.stallSelfMaxMs ?? 0) ? b : a));
      return { fromS: w.fromS, ...w.worstStall };
    })(),
    maxNaturalGcMs: Math.max(...windows.map((w) => w.naturalGcMaxMs ?? 0)),
    blockingCallsOver100Ms: blockedSummary(windows),
    meanRunQueueShare: round(windows.reduce((t, w) => t + (w.runQueueShare ?? 0), 0) / windows.length, 3),
    ackErrors: errors,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const dir = tempDir('soak');
  const graph = await startBenchGraph();
  const port = await freePort();
  const env = benchEnv(path.join(dir, 'data'), graph.api.url, { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const server = spawnServer(env, path.join(dir, 'serve.log'));
  const watch = server.pid === undefined ? null : startSyscallWatch(server.pid);
  const blocked: (BlockedCall[] | null)[] = [];
  const runId = `soak${Date.now().toString(36)}`;
  const W = args.windowSeconds * 1000;
  const n = args.seconds / args.windowSeconds;
  try {
    await waitForHealth(url, 300_000);
    const idle = await sample(server);
    watch?.take();
    process.stderr.write(
      `soak: ${args.seconds} s at ${args.rate} webhooks/s, ${args.contacts} contacts, ${args.windowSeconds} s windows (${started.toISOString()})…\n`,
    );
    const completions: Completion[] = [];
    const probes: ProbeSample[] = [];
    let loadStart = 0;
    let sampling: Promise<void> = Promise.resolve();
    const load = startSoakLoad(
      { url, ratePerSecond: args.rate, durationMs: args.seconds * 1000, contacts: args.contacts, runId },
      (at) => {
        loadStart = at;
        sampling = (async () => {
          for (let k = 1; k <= n; k++) {
            await new Promise((r) => setTimeout(r, Math.max(0, at + k * W - Date.now())));
            probes.push(await sample(server));
            blocked.push(watch?.take() ?? null);
            const done = completions.filter((c) => c[0] >= at + (k - 1) * W && c[0] < at + k * W).length;
            process.stderr.write(`  ${k * args.windowSeconds} s: ${done} sent in window\n`);
          }
        })();
      },
      (batch) => completions.push(...batch),
    );
    await load;
    await sampling;
    await waitForQuiet(graph, 3000, 60_000);
    const backlog = completions.filter((c) => c[2] === 200).length - graph.replies.length;
    const after = await sample(server);
    const windows = Array.from({ length: n }, (_, k) => {
      const from = loadStart + k * W;
      const inWindow = completions.filter((c) => c[0] >= from && c[0] < from + W);
      const acked = inWindow.filter((c) => c[2] === 200).map((c) => [c[3], c[0]] as [string, number]);
      const replies = graph.replies.filter((r) => r.at >= from && r.at < from + W).map((r) => r.at);
      const latencies = replyLatencies(acked, graph.replies);
      return windowStats(k, args, inWindow, replies, probes[k], latencies, blocked[k] ?? null);
    });
    const v = verdict(windows, args, idle);
    const result = {
      test: 'soak',
      startedAt: started.toISOString(),
      args,
      ...v,
      idle: { rssMb: mb(idle.rss), heapAfterGcMb: mb(idle.heapUsedAfterGc) },
      afterDrain: { rssMb: mb(after.rss), heapAfterGcMb: mb(after.heapUsedAfterGc), unrepliedAcks: backlog },
      windows,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    printSummary(result, windows);
    if (!v.ok) process.stderr.write(`server log (last lines):\n${tail(path.join(dir, 'serve.log'), 20)}\n`);
    process.exitCode = v.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`server log (last lines):\n${tail(path.join(dir, 'serve.log'), 30)}\n`);
    throw e;
  } finally {
    watch?.stop();
    await stopChild(server);
    await graph.api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printSummary(
  r: ReturnType<typeof verdict> & { idle: unknown; afterDrain: unknown },
  windows: readonly Window[],
) {
  const lines = [
    '   from  ack/s  p50 ms  p99 ms  replies/s  reply p99  RSS MB  heap MB  after GC  loop max  self max  run-queue  gc ms',
    ...windows.map((w) =>
      [
        `${w.fromS}`.padStart(6),
        `${w.ackPerS}`.padStart(6),
        `${w.ackP50Ms}`.padStart(7),
        `${w.ackP99Ms}`.padStart(7),
        `${w.repliesPerS}`.padStart(10),
        `${w.replyP99Ms}`.padStart(10),
        `${w.rssMb}`.padStart(7),
        `${w.heapMb}`.padStart(8),
        `${w.heapAfterGcMb}`.padStart(9),
        `${w.loopDelayMaxMs}`.padStart(9),
        `${w.stallSelfMaxMs}`.padStart(9),
        `${w.runQueueShare}`.padStart(10),
        `${w.gcMs}`.padStart(6),
      ].join(' '),
    ),
    `idle ${JSON.stringify(r.idle)}; after drain ${JSON.stringify(r.afterDrain)}`,
    `heap after GC ${r.heapAfterGcAtWarmupMb} → ${r.heapAfterGcAtEndMb} MB (${r.heapGrowth === null ? '?' : `${round(r.heapGrowth * 100, 1)} %`}, slope ${r.heapSlopeMbPerMin} MB/min); RSS ${r.rssAtWarmupMb} → ${r.rssAtEndMb} MB`,
    `ack p99 ${r.firstSteadyAckP99Ms} → ${r.lastAckP99Ms} ms; max event-loop delay ${r.maxLoopDelayMs} ms wall-clock, ${r.maxSelfStallMs} ms without run-queue waits (main thread waited for a CPU ${round(r.meanRunQueueShare * 100, 1)} % of the time); ack errors ${r.ackErrors}`,
    `worst stall (window from ${r.worstStall.fromS} s): ${JSON.stringify(r.worstStall)}; longest GC pause ${r.maxNaturalGcMs} ms`,
    `main thread blocked ≥ 100 ms in (top 3 per window): ${JSON.stringify(r.blockingCallsOver100Ms)}`,
    `soak ${r.ok ? 'passed' : 'FAILED'}: ${JSON.stringify(r.checks)}`,
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

function tail(file: string, lines: number): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
