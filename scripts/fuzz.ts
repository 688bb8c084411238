/**
 * Fuzzes every input surface and checks that bad input is refused cleanly: no crash, no 5xx, nothing
 * written for a refused request, memory flat.
 *
 *   npx tsx scripts/fuzz.ts [--cases 10000] [--json]
 *
 * Memory: heapUsed after a forced full GC (`--expose-gc` is switched on at run time when not given)
 * at the start of each surface, after its warm-up (10 % of the cases),
 * half-way and at the end. Memory is flat when, for every surface, the heap at its end is within
 * 10 % + 5 MB of the heap after its warm-up, and so is the heap at the end of the run against the first
 * surface's warm-up. RSS is reported too but not judged (the allocator keeps freed pages).
 *
 * Surfaces: signed Messenger webhooks (valid signature over garbage, truncated JSON, deep nesting, huge
 * arrays, wrong types, unicode edge cases, mutated real payloads), `/v1/chat` bodies, `/v1/kpis`
 * query strings, intent files and flow files (parsed by the loaders). JSON on stdout, summary on stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import { signMetaBody } from '../src/cli/meta-signing';
import { parseConfig } from '../src/config';
import { parseFlowFiles } from '../src/flows';
import { createParley } from '../src/main';
import { parseIntentFiles } from '../src/nlu';

const argValue = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const CASES = argValue('--cases', 10_000);
const SECRET = 'fuzz-app-secret-0123456789';

interface SurfaceResult {
  cases: number;
  crashes: number;
  status5xx: number;
  refused: number;
  accepted: number;
  rowsWrittenOnRefusal: number;
}

/** Heap after GC at four points of a surface, MB. */
interface HeapMarks {
  startMb: number;
  warmMb: number;
  midMb: number;
  endMb: number;
  flat: boolean;
}

/** `gc()`, exposed at run time when the process was started without --expose-gc. */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const toMb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Within 10 % + 5 MB of the heap after warm-up. */
const isFlat = (warmMb: number, endMb: number) => endMb <= warmMb * 1.1 + 5;

const blank = (): SurfaceResult => ({
  cases: 0,
  crashes: 0,
  status5xx: 0,
  refused: 0,
  accepted: 0,
  rowsWrittenOnRefusal: 0,
});

/** Arbitrary JSON-ish values, with the nasty parts: deep nesting, long arrays, odd unicode, wrong types. */
const nasty = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom('\u0000', '\uD800', '\u202E', '💥'.repeat(200), 'a'.repeat(70_000), '{"', '__proto__'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.constantFrom(
        'object',
        'entry',
        'messaging',
        'sender',
        'id',
        'message',
        'text',
        'mid',
        'timestamp',
        '__proto__',
        'constructor',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

function realPayload(n: number) {
  return {
    object: 'page',
    entry: [
      {
        id: 'page-1',
        time: Date.now(),
        messaging: [
          {
            sender: { id: `psid-${n}` },
            recipient: { id: 'page-1' },
            timestamp: Date.now(),
            message: { mid: `mid-${n}`, text: 'hello' },
          },
        ],
      },
    ],
  };
}

/** Mutations of a real payload: drop, retype or duplicate a field somewhere. */
function mutate(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return rnd() < 0.2 ? [] : value.map((v) => mutate(v, rnd));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rnd();
      if (r < 0.1) continue;
      out[k] = r < 0.2 ? 42 : r < 0.25 ? 'x'.repeat(5000) : r < 0.3 ? [v, v] : mutate(v, rnd);
    }
    return out;
  }
  return value;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-fuzz-'));
  const config = parseConfig(
    {
      DATA_DIR: path.join(dir, 'data'),
      INTENTS_DIR: path.resolve(__dirname, '../intents'),
      FLOWS_DIR: path.resolve(__dirname, '../flows'),
      WATCH: 'false',
      LOG_LEVEL: 'silent',
      META_APP_SECRET: SECRET,
      META_VERIFY_TOKEN: 'fuzz-verify-token',
      PUBLIC_RATE_PER_MINUTE: '100000000',
    },
    dir,
  );
  const parley = createParley(config, pino({ level: 'silent' }));
  await parley.bot.reload('fuzz');
  const app = parley.app;
  const rows = async () =>
    (await parley.store.listMessages({ limit: 1000 })).length +
    (await parley.store.pendingJobs('inbound')).length;
  const results: Record<string, SurfaceResult> = {};
  const heap: Record<string, HeapMarks> = {};
  const gc = exposeGc();
  /**
   * heapUsed after sockets have closed and two full GCs. No workers run here (accepted events stay
   * queued, unprocessed), so the queue is not drained: with no consumer, `drain()` never settles.
   */
  const heapAfterGc = async () => {
    await new Promise((r) => setTimeout(r, 50));
    gc();
    gc();
    return toMb(process.memoryUsage().heapUsed);
  };
  // Built before the first heap reading: fast-check's `unit: 'binary'` string arbitrary keeps an ~80 MB
  // table of code points from its construction on (a one-time cost of the harness, not Parley's).
  const webhookBody = fc.oneof(
    nasty.map((v) => JSON.stringify(v) ?? 'null'),
    fc.integer({ min: 0, max: 1_000_000 }).map((n) => JSON.stringify(realPayload(n)).slice(0, n % 120)),
    fc.integer({ min: 50, max: 20000 }).map((n) => `${'{"a":'.repeat(n)}"x"${'}'.repeat(n)}`),
    fc
      .integer({ min: 1, max: 3000 })
      .map((n) => JSON.stringify({ object: 'page', entry: Array.from({ length: n }, () => ({})) })),
    fc.tuple(fc.integer(), fc.integer()).map(([a, b]) => {
      let s = (a ^ b) >>> 0;
      const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
      return JSON.stringify(mutate(realPayload(a), rnd));
    }),
    fc.string({ unit: 'binary', maxLength: 300 }),
  );
  const heapStart = await heapAfterGc();
  const rssStart = process.memoryUsage().rss;

  async function surface(name: string, arb: fc.Arbitrary<unknown>, send: (v: unknown) => Promise<number>) {
    const r = (results[name] = blank());
    progress.surface = name;
    const marks = { startMb: await heapAfterGc(), warmMb: 0, midMb: 0, endMb: 0 };
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        if (r.cases === Math.floor(CASES * 0.1)) marks.warmMb = await heapAfterGc();
        if (r.cases === Math.floor(CASES * 0.5)) marks.midMb = await heapAfterGc();
        r.cases++;
        progress.cases = r.cases;
        const before = await rows();
        let status: number;
        try {
          status = await send(v);
        } catch {
          r.crashes++;
          return;
        }
        if (status >= 500) r.status5xx++;
        if (status >= 400) {
          r.refused++;
          if ((await rows()) !== before) r.rowsWrittenOnRefusal++;
        } else r.accepted++;
      }),
      { numRuns: CASES, seed: 42 },
    );
    marks.endMb = await heapAfterGc();
    heap[name] = { ...marks, flat: isFlat(marks.warmMb, marks.endMb) };
    process.stderr.write(`${name}: ${JSON.stringify(r)} heap after GC ${JSON.stringify(heap[name])}\n`);
  }

  await surface('webhook', webhookBody, async (body) => {
    const raw = body as string;
    const res = await request(app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', signMetaBody(raw, SECRET))
      .send(raw);
    return res.status;
  });
  await surface(
    'chat',
    nasty,
    async (v) =>
      (
        await request(app)
          .post('/v1/chat')
          .send(JSON.stringify(v) ?? 'null')
          .set('content-type', 'application/json')
      ).status,
  );
  await surface(
    'kpis-query',
    fc.dictionary(
      fc.constantFrom('from', 'to', 'granularity', 'tz', 'channel', 'compare', 'flow', 'x'),
      fc.string({ maxLength: 40 }),
      { maxKeys: 6 },
    ),
    async (q) =>
      (
        await request(app)
          .get('/v1/kpis')
          .query(q as Record<string, string>)
      ).status,
  );
  const files = (name: string) =>
    fc.oneof(
      nasty.map((v) => JSON.stringify(v) ?? ''),
      fc.string({ maxLength: 200 }),
      fc
        .constant(fs.readFileSync(path.resolve(__dirname, `../${name}`), 'utf8'))
        .chain((text) => fc.integer({ min: 0, max: text.length }).map((cut) => text.slice(0, cut))),
    );
  await surface('intent-files', files('intents/shipping.json'), async (content) => {
    parseIntentFiles([{ path: 'fuzz.json', content: content as string }]);
    return 400;
  });
  await surface('flow-files', files('flows/feedback.json'), async (content) => {
    parseFlowFiles([{ path: 'fuzz.json', content: content as string }], {
      knownIntents: new Set(['feedback']),
    });
    return 400;
  });
  const heapEnd = await heapAfterGc();
  const queuedUnprocessed = (await parley.store.pendingJobs('inbound')).length;
  const rssEnd = process.memoryUsage().rss;
  await parley.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const summary = {
    cases: CASES,
    surfaces: results,
    rssStartMb: Math.round(rssStart / 2 ** 20),
    rssEndMb: Math.round(rssEnd / 2 ** 20),
    heapAfterGc: { startMb: heapStart, endMb: heapEnd, surfaces: heap },
    queuedUnprocessed,
    // Per surface, and over the whole run (end of the last surface against the first one's warm-up).
    memoryFlat:
      Object.values(heap).every((h) => h.flat) && isFlat(heap.webhook?.warmMb ?? heapStart, heapEnd),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const bad = Object.values(results).some(
    (r) => r.crashes > 0 || r.status5xx > 0 || r.rowsWrittenOnRefusal > 0,
  );
  process.stderr.write(
    `fuzz: ${bad ? 'PROBLEMS FOUND' : 'clean'} — rss ${summary.rssStartMb} → ${summary.rssEndMb} MB; heap after GC ${heapStart} → ${heapEnd} MB, ${summary.memoryFlat ? 'flat' : 'NOT flat'} (end within 10 % + 5 MB of after warm-up, per surface and overall)\n`,
  );
  process.exitCode = bad || !summary.memoryFlat ? 1 : 0;
  progress.finished = true;
}

/** Where the run is, to name it if the process stops early. */
const progress = { surface: '(setup)', cases: 0, finished: false };

// An awaited promise that never settles lets the event loop empty and Node exit 0 silently: say so.
process.once('beforeExit', () => {
  if (progress.finished) return;
  process.stderr.write(
    `fuzz: stopped early — the event loop emptied while ${progress.surface} case ${progress.cases} was pending (a promise that never settles)\n`,
  );
  process.exitCode = 1;
});

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
