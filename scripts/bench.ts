/**
 * Runs every benchmark in a quick configuration, one after another (they share 2 cores), and prints
 * one JSON object with each benchmark's results on stdout and a short summary on stderr.
 *
 *   npm run bench [-- --only store,nlu] [-- --full]
 *
 * `--full` runs each benchmark with its own defaults (slow: CLINC150 training, 10 M KPI events…).
 * Each benchmark can also be run alone: `npm run bench:webhook`, `bench:e2e`, `bench:kpis`,
 * `bench:learning`, `npx tsx scripts/bench-store.ts`, `npx tsx scripts/bench-nlu.ts`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

interface Bench {
  readonly name: string;
  readonly script: string;
  /** Arguments for the quick run. */
  readonly quick: readonly string[];
}

const BENCHES: readonly Bench[] = [
  { name: 'store', script: 'bench-store.ts', quick: [] },
  {
    name: 'nlu',
    script: 'bench-nlu.ts',
    quick: ['--datasets', 'braun_chatbot,braun_askubuntu,braun_webapps,snips_goo'],
  },
  {
    name: 'webhook',
    script: 'bench-webhook.ts',
    quick: ['--runs', '1', '--seconds', '3', '--rate-seconds', '5'],
  },
  { name: 'kpis', script: 'bench-kpis.ts', quick: ['--events', '200000'] },
];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const only = argValue('--only')?.split(',');
const full = process.argv.includes('--full');
const results: Record<string, unknown> = {};
const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');

for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue;
  const args = [path.join(__dirname, bench.script), '--json', ...(full ? [] : bench.quick)];
  process.stderr.write(`\n== bench ${bench.name}: ${bench.script} ${args.slice(1).join(' ')}\n`);
  const started = Date.now();
  const run = spawnSync(tsx, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0) {
    results[bench.name] = { ok: false, exitCode: run.status, seconds };
    continue;
  }
  try {
    results[bench.name] = {
      ok: true,
      seconds,
      result: JSON.parse(run.stdout.trim().split('\n').pop() ?? 'null'),
    };
  } catch {
    results[bench.name] = { ok: false, seconds, error: 'no JSON on stdout' };
  }
}

process.stdout.write(`${JSON.stringify(results)}\n`);
process.stderr.write(
  `\n${Object.entries(results)
    .map(
      ([name, r]) =>
        `${name}: ${(r as { ok: boolean }).ok ? 'ok' : 'FAILED'} in ${(r as { seconds: number }).seconds.toFixed(0)} s`,
    )
    .join('\n')}\n`,
);
process.exitCode = Object.values(results).every((r) => (r as { ok: boolean }).ok) ? 0 : 1;
