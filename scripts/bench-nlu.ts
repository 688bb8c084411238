/**
 * NLU benchmark: trains and tests an engine on every shared dataset (`../shared/datasets/nlu/*.json`,
 * resolved from the project root) and prints a results table (and JSON with `--json`).
 *
 *   npx tsx scripts/bench-nlu.ts [--json] [--datasets clinc150_full,snips_goo] [--engine linear|nlpjs] [--repeat 3]
 *   npx tsx scripts/bench-nlu.ts --calibrate   # how LINEAR_DEFAULT_THRESHOLD was chosen (validation data only),
 *                                              # how it holds on simulated small bots, and the choice of
 *                                              # dropoutLogitScale
 *
 * Datasets with `oos_train` are run twice: without and with those texts as negatives. `--repeat n` trains
 * and tests each n times and reports the median training time and latency percentiles (on a shared
 * machine single timings are noisy; the quality metrics are deterministic).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createNlpjsEngine } from '../src/nlu';
import type { NluEngine } from '../src/nlu';
import {
  computeMetrics,
  crossValidate,
  datasetSplit,
  datasetTrainingCorpus,
  evaluateDataset,
  loadNluDataset,
  scoreItems,
} from '../src/nlu';
import type { DatasetEvaluation, NluDataset, ScoredItem } from '../src/nlu';
import { createLinearEngine, LINEAR_DEFAULT_THRESHOLD } from '../src/nlu';

const ROOT = path.resolve(__dirname, '..');
const DATASETS_DIR = path.resolve(ROOT, '../shared/datasets/nlu');

interface Args {
  readonly json: boolean;
  readonly calibrate: boolean;
  readonly datasets: readonly string[] | null;
  readonly engine: 'linear' | 'nlpjs';
  readonly repeat: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const datasets = value('--datasets');
  return {
    json: argv.includes('--json'),
    calibrate: argv.includes('--calibrate'),
    datasets: datasets === undefined ? null : datasets.split(',').map((d) => d.trim()),
    engine: value('--engine') === 'nlpjs' ? 'nlpjs' : 'linear',
    repeat: Math.max(1, Math.floor(Number(value('--repeat') ?? 1)) || 1),
  };
}

function engineFor(name: Args['engine']): { engine: NluEngine; threshold: number } {
  return name === 'nlpjs'
    ? { engine: createNlpjsEngine(), threshold: 0.5 }
    : { engine: createLinearEngine(), threshold: LINEAR_DEFAULT_THRESHOLD };
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

function row(r: DatasetEvaluation): string {
  const name = `${r.dataset}${r.useOosTrain ? ' (+oos_train)' : ''}`;
  return [
    name,
    pct(r.metrics.inScopeAccuracy),
    pct(r.metrics.oosRecall),
    pct(r.metrics.macroF1),
    `${(r.trainMs / 1000).toFixed(1)} s`,
    `${r.p50Ms.toFixed(2)} / ${r.p99Ms.toFixed(2)} ms`,
    `${r.rssMb.toFixed(0)} MB`,
    `${(r.modelChars / 1e6).toFixed(1)} MB`,
    r.proposedThreshold === null ? '–' : r.proposedThreshold.threshold.toFixed(3),
  ].join(' | ');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one evaluation `repeat` times; the last run's metrics with the median timings of all runs. */
async function evaluateRepeated(
  dataset: NluDataset,
  useOosTrain: boolean,
  args: Args,
): Promise<DatasetEvaluation> {
  const runs: DatasetEvaluation[] = [];
  for (let i = 0; i < args.repeat; i += 1) {
    const { engine, threshold } = engineFor(args.engine);
    runs.push(await evaluateDataset({ dataset, threshold, useOosTrain }, { engine }));
  }
  const last = runs[runs.length - 1]!;
  return {
    ...last,
    trainMs: median(runs.map((r) => r.trainMs)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
  };
}

async function bench(args: Args): Promise<void> {
  const files = readdirSync(DATASETS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((name) => args.datasets === null || args.datasets.includes(name))
    .sort();
  const results: DatasetEvaluation[] = [];
  if (!args.json) {
    console.log(`engine ${args.engine}, threshold ${engineFor(args.engine).threshold}`);
    console.log(
      '| dataset | in-scope accuracy | out-of-scope recall | macro-F1 | train | classify p50 / p99 | peak RSS | model | proposed threshold (val) |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
  }
  for (const name of files) {
    const dataset = await loadNluDataset(path.join(DATASETS_DIR, `${name}.json`));
    const variants = (dataset.oos_train?.length ?? 0) > 0 ? [false, true] : [false];
    for (const useOosTrain of variants) {
      const result = await evaluateRepeated(dataset, useOosTrain, args);
      results.push(result);
      if (!args.json) console.log(`| ${row(result)} |`);
    }
  }
  if (args.json) {
    console.log(
      JSON.stringify(
        results.map((r) => ({
          dataset: r.dataset,
          useOosTrain: r.useOosTrain,
          inScopeAccuracy: r.metrics.inScopeAccuracy,
          oosRecall: r.metrics.oosRecall,
          macroF1: r.metrics.macroF1,
          trainMs: r.trainMs,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          rssMb: r.rssMb,
          modelChars: r.modelChars,
          threshold: r.threshold,
          proposedThreshold: r.proposedThreshold?.threshold ?? null,
        })),
      ),
    );
  }
}

/**
 * The rule behind LINEAR_DEFAULT_THRESHOLD: the highest threshold (in steps of 0.01) that costs at most
 * one point of in-scope accuracy on validation data, i.e. catch as many out-of-scope messages as that allows.
 */
function thresholdWithinOnePoint(items: readonly ScoredItem[]): {
  threshold: number;
  accuracy: number;
  recall: number;
} {
  const base = computeMetrics(items, { threshold: 0 }).inScopeAccuracy;
  let best = { threshold: 0, accuracy: base, recall: computeMetrics(items, { threshold: 0 }).oosRecall ?? 0 };
  for (let step = 1; step < 100; step += 1) {
    const threshold = step / 100;
    const m = computeMetrics(items, { threshold });
    if (m.inScopeAccuracy < base - 0.01) break;
    best = { threshold, accuracy: m.inScopeAccuracy, recall: m.oosRecall ?? 0 };
  }
  return best;
}

/**
 * Simulated small bots, validation data only: 5 bots of 8 CLINC150 intents × 15 train utterances each,
 * scored on those intents' `val` items (in scope) and on `oos_val` + 200 `val` items of other intents
 * (out of scope). Shows whether a threshold chosen on 150 intents holds for a bot with 8.
 */
async function smallBots(
  clinc: NluDataset,
  engine: NluEngine,
  thresholds: readonly number[],
): Promise<string> {
  const intents = [...new Set(clinc.train.map((e) => e.intent))].sort();
  const sums = thresholds.map(() => ({ accuracy: 0, recall: 0 }));
  const bots = 5;
  for (let bot = 0; bot < bots; bot += 1) {
    const picked = new Set(intents.filter((_, i) => (i * 7 + bot * 13) % intents.length < 8));
    const examples = [...picked].flatMap((intent) =>
      clinc.train.filter((e) => e.intent === intent).slice(0, 15),
    );
    const model = await engine.train({ locale: 'en', examples });
    const val = clinc.val ?? [];
    const texts = [
      ...val
        .filter((e) => picked.has(e.intent))
        .map((e) => ({ text: e.text, expected: e.intent as string | null })),
      ...(clinc.oos_val ?? []).map((text) => ({ text, expected: null })),
      ...val
        .filter((e) => !picked.has(e.intent))
        .slice(0, 200)
        .map((e) => ({ text: e.text, expected: null })),
    ];
    const items = (await scoreItems(texts, model)).items;
    thresholds.forEach((threshold, i) => {
      const m = computeMetrics(items, { threshold });
      sums[i]!.accuracy += m.inScopeAccuracy / bots;
      sums[i]!.recall += (m.oosRecall ?? 0) / bots;
    });
  }
  return thresholds
    .map((t, i) => `${t}: in-scope ${pct(sums[i]!.accuracy)}, out-of-scope recall ${pct(sums[i]!.recall)}`)
    .join('; ');
}

/**
 * How `dropoutLogitScale` was chosen: the CLINC150 model (trained with dropout) re-scored on `val` +
 * `oos_val` with other logit scales; the default is the one at which the threshold rule gives 0.2.
 */
async function logitScaleSweep(
  model: { serialize(): string },
  val: Parameters<typeof scoreItems>[0],
): Promise<void> {
  const payload = JSON.parse(model.serialize()) as Record<string, unknown>;
  const engine = createLinearEngine();
  const lines: string[] = [];
  for (const logitScale of [1, 0.96, 0.94, 0.92, 0.9, 0.88]) {
    const rescaled = await engine.load(JSON.stringify({ ...payload, logitScale }));
    const items = (await scoreItems(val, rescaled)).items;
    const m = computeMetrics(items, { threshold: 0.2 });
    lines.push(
      `${logitScale}: rule ${thresholdWithinOnePoint(items).threshold}, at 0.2 in-scope ${pct(m.inScopeAccuracy)} / out-of-scope recall ${pct(m.oosRecall)}`,
    );
  }
  console.log(`clinc150_full logit scale of dropout models — ${lines.join('; ')}`);
}

async function calibrate(): Promise<void> {
  const clinc = await loadNluDataset(path.join(DATASETS_DIR, 'clinc150_full.json'));
  const model = await createLinearEngine().train(datasetTrainingCorpus(clinc));
  const val = (await scoreItems(datasetSplit(clinc, 'val'), model)).items;
  const best = thresholdWithinOnePoint(val);
  const base = computeMetrics(val, { threshold: 0 }).inScopeAccuracy;
  console.log(
    `clinc150_full val + oos_val: in-scope accuracy ${pct(base)} without threshold; highest threshold within 1 point: ${best.threshold} (in-scope accuracy ${pct(best.accuracy)}, out-of-scope recall ${pct(best.recall)})`,
  );
  for (const threshold of [0.1, 0.15, 0.2, 0.25, 0.3]) {
    const m = computeMetrics(val, { threshold });
    console.log(
      `  at ${threshold}: in-scope ${pct(m.inScopeAccuracy)}, out-of-scope recall ${pct(m.oosRecall)}`,
    );
  }
  console.log(
    `simulated small bots (8 CLINC150 intents × 15 utterances, val data) — ${await smallBots(clinc, createLinearEngine(), [0.1, best.threshold, 0.3])}`,
  );
  await logitScaleSweep(model, datasetSplit(clinc, 'val'));
  // Small bots: 5-fold cross-validation of the train splits only; the threshold must not reject their in-scope items.
  for (const name of ['braun_chatbot', 'braun_askubuntu', 'braun_webapps']) {
    const dataset = await loadNluDataset(path.join(DATASETS_DIR, `${name}.json`));
    const items = await crossValidate(
      datasetTrainingCorpus(dataset),
      { folds: 5, seed: 1 },
      { engine: createLinearEngine() },
    );
    const line = [0, 0.1, 0.15, 0.2, 0.25, 0.3]
      .map((threshold) => `${threshold}: ${pct(computeMetrics(items, { threshold }).inScopeAccuracy)}`)
      .join(', ');
    console.log(`${name} 5-fold CV in-scope accuracy by threshold — ${line}`);
  }
}

const args = parseArgs(process.argv.slice(2));
(args.calibrate ? calibrate() : bench(args)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
