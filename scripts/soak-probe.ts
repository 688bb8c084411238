/**
 * Preloaded into the soak test's server child (`node --expose-gc --import <tsx> --import soak-probe.ts
 * src/cli/dev.ts serve`): answers the parent's `soak.sample` IPC message with the process's memory
 * (RSS, heap before and after a forced full GC) and the event loop's delays since the last sample, so
 * the soak test measures the server without an HTTP endpoint.
 *
 * Two views of the event loop:
 * - `loopDelay`: `perf_hooks.monitorEventLoopDelay` (what prom-client reports as
 *   `nodejs_eventloop_lag_*`), wall-clock: it also counts time the main thread was runnable but not
 *   scheduled because other processes had the CPUs;
 * - `stall`: a 20 ms ticker that, for every late tick, subtracts the time the main thread spent waiting
 *   on a run queue (`/proc/thread-self/schedstat`, Linux) — what is left is time the loop was busy or
 *   blocked by the process itself (JS, GC, synchronous I/O). On a shared machine the two differ a lot.
 *
 * The forced GC is itself a pause: it is timed and reported apart (`gcMs`), and both views skip it.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** Histogram resolution: a sample is the interval between two timer ticks, i.e. this plus the lag. */
const RESOLUTION_MS = 10;
const TICK_MS = 20;

/** What the probe reports (ms or bytes). */
export interface ProbeSample {
  readonly type: 'soak.sample';
  readonly at: number;
  readonly rss: number;
  readonly heapUsedBefore: number;
  /** heapUsed after `gc()`; null when the process was started without --expose-gc. */
  readonly heapUsedAfterGc: number | null;
  readonly gcMs: number | null;
  /** Wall-clock event-loop delay since the last sample, the timer resolution subtracted. */
  readonly loopDelay: { readonly max: number; readonly p99: number; readonly mean: number };
  /**
   * The late tick with the most time not spent waiting for a CPU since the last sample: `wallMs` as
   * seen, `selfMs` without run-queue waits (null where schedstat is missing), its breakdown; the longest
   * natural GC pause; `runQueueShare` and `cpuShare` of the main thread over the window.
   */
  readonly stall: {
    readonly wallMs: number;
    readonly selfMs: number | null;
    readonly worst: Stall;
    readonly gcMaxMs: number;
    readonly runQueueShare: number | null;
    readonly cpuShare: number | null;
  };
}

/** The main thread's [cpu ns, run-queue wait ns], or null off Linux. */
function schedstat(): [number, number] | null {
  try {
    const [cpu, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return [cpu ?? 0, wait ?? 0];
  } catch {
    return null;
  }
}

/** The worst late tick of a window, split into where the time went. */
export interface Stall {
  /** How late the tick was. */
  readonly wallMs: number;
  /** Of which the main thread waited for a CPU (other processes had them). */
  readonly runQueueMs: number;
  /** Of which the main thread ran (JS, GC). */
  readonly cpuMs: number;
  /**
   * The rest: the main thread was blocked in the kernel (synchronous I/O, a futex of a GC safepoint,
   * page faults); the soak test's syscall watch names the calls.
   */
  readonly blockedMs: number;
  /** Longest GC pause that started during it. */
  readonly gcMs: number;
}

const NO_STALL: Stall = { wallMs: 0, runQueueMs: 0, cpuMs: 0, blockedMs: 0, gcMs: 0 };

function startStallTicker() {
  const gcs: { start: number; duration: number }[] = [];
  // GCs that started before this are the sampler's own forced ones.
  let ignoreBefore = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.startTime >= ignoreBefore) gcs.push({ start: e.startTime, duration: e.duration });
    if (gcs.length > 1000) gcs.splice(0, gcs.length - 1000);
  });
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastSched = schedstat();
  let window = { start: last, sched: lastSched, worst: NO_STALL };
  const timer = setInterval(() => {
    const now = performance.now();
    const sched = schedstat();
    const late = now - last - TICK_MS;
    const waited = sched && lastSched ? (sched[1] - lastSched[1]) / 1e6 : 0;
    if (late - waited > window.worst.wallMs - window.worst.runQueueMs) {
      const ran = sched && lastSched ? (sched[0] - lastSched[0]) / 1e6 : 0;
      const during = gcs.filter((g) => g.start >= last && g.start <= now);
      window.worst = {
        wallMs: late,
        runQueueMs: Math.min(late, waited),
        cpuMs: ran,
        blockedMs: Math.max(0, now - last - waited - ran),
        gcMs: Math.max(0, ...during.map((g) => g.duration)),
      };
    }
    last = now;
    lastSched = sched;
  }, TICK_MS);
  timer.unref();
  return {
    /** The window's figures; starts the next window. */
    take() {
      const now = performance.now();
      const sched = schedstat();
      const wall = (now - window.start) * 1e6;
      const share = (i: 0 | 1) =>
        sched && window.sched ? Math.round(((sched[i] - window.sched[i]) / wall) * 1000) / 1000 : null;
      const w = window.worst;
      const gcMax = Math.max(0, ...gcs.filter((g) => g.start >= window.start).map((g) => g.duration));
      const result = {
        wallMs: w.wallMs,
        selfMs: sched ? Math.max(0, w.wallMs - w.runQueueMs) : null,
        worst: w,
        gcMaxMs: gcMax,
        runQueueShare: share(1),
        cpuShare: share(0),
      };
      window = { start: now, sched, worst: NO_STALL };
      return result;
    },
    /** Forgets the time up to now (a forced GC). */
    skip() {
      last = performance.now();
      lastSched = schedstat();
      ignoreBefore = last;
    },
  };
}

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const ticker = startStallTicker();
  const lag = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== 'soak.sample') return;
    const loopDelay = {
      max: lag(histogram.max),
      p99: lag(histogram.percentile(99)),
      mean: lag(histogram.mean),
    };
    const stall = ticker.take();
    const before = process.memoryUsage();
    let gcMs: number | null = null;
    let after: number | null = null;
    if (gc) {
      const t0 = performance.now();
      gc();
      gcMs = performance.now() - t0;
      after = process.memoryUsage().heapUsed;
      ticker.skip();
    }
    // The histogram tick delayed by the forced GC is recorded when the loop resumes: reset after it.
    setTimeout(() => histogram.reset(), 2 * RESOLUTION_MS + 5);
    const sample: ProbeSample = {
      type: 'soak.sample',
      at: Date.now(),
      rss: before.rss,
      heapUsedBefore: before.heapUsed,
      heapUsedAfterGc: after,
      gcMs,
      loopDelay,
      stall,
    };
    process.send?.(sample);
  });
  // The probe's IPC channel must not keep the server alive on its own.
  process.channel?.unref();
}
