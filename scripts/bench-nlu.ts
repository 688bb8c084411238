/**
 * NLU benchmark: trains and tests an engine on every shared dataset (`../shared/datasets/nlu/*.json`,
 * resolved from the project root) and prints a results table (and JSON with `--json`).
 *
 *   npx tsx scripts/bench-nlu.ts [--json] [--datasets clinc150_full,snips_goo] [--engine linear|nlpjs] [--repeat 3]
 *   npx tsx scripts/bench-nlu.ts --calibrate   # how LINEAR_DEFAULT_THRESHOLD was chosen (validation data only),
 *                                              # how it holds on simulated small bots, and the choice of
 *                                              # dropoutLogitScale and priorCorrection
 *   npx tsx scripts/bench-nlu.ts --size-table [--intents 4,8] [--examples 5,10]
 *                                              # the threshold rule per bot size (sizeCalibration), JSON on stdout
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
import { createSeededRandom } from '../src/nlu/linear/seeded-random';
import type { RandomSource } from '../src/nlu/linear/seeded-random';

const ROOT = path.resolve(__dirname, '..');
const DATASETS_DIR = path.resolve(ROOT, '../shared/datasets/nlu');

interface Args {
  readonly json: boolean;
  readonly calibrate: boolean;
  readonly sizeTable: boolean;
  /** `--intents 4,8` / `--examples 5,10`: the bot shapes of `--size-table` (default: the whole grid). */
  readonly intents: readonly number[] | null;
  readonly examples: readonly number[] | null;
  readonly datasets: readonly string[] | null;
  readonly engine: 'linear' | 'nlpjs';
  readonly repeat: number;
}

function numbers(list: string | undefined): number[] | null {
  return list === undefined ? null : list.split(',').map((n) => Number(n.trim()));
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
    sizeTable: argv.includes('--size-table'),
    intents: numbers(value('--intents')),
    examples: numbers(value('--examples')),
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

/** Mean recall over the in-scope intents at `threshold`: in-scope accuracy that does not reward priors. */
function balancedAccuracy(items: readonly ScoredItem[], threshold: number): number {
  const { perIntent } = computeMetrics(items, { threshold });
  return perIntent.reduce((sum, m) => sum + m.recall, 0) / Math.max(1, perIntent.length);
}

/** Train utterances per intent of a simulated bot: `(bot, intent index, seeded random) → count`. */
type BotSizes = (bot: number, intent: number, random: RandomSource) => number;

/** Balanced bots of `n` utterances per intent. */
const balancedBots =
  (n: number): BotSizes =>
  () =>
    n;
/** Imbalanced bots: 5–40 utterances per intent, drawn uniformly with a fixed seed per bot. */
const uniformImbalance: BotSizes = (_bot, _intent, random) => 5 + Math.floor(random() * 36);
/** Imbalanced bots: 5, 5, 5, 10, 10, 20, 40, 40 utterances, rotated over the intents from bot to bot. */
const skewedImbalance: BotSizes = (bot, intent) => [5, 5, 5, 10, 10, 20, 40, 40][(intent + 3 * bot) % 8]!;

/**
 * Simulated bot number `bot`: `size` CLINC150 intents (the first `sizes(…)` train utterances of each),
 * with the texts to score, validation data only: those intents' `val` items (in scope), `oos_val` and
 * 200 `val` items of other intents (out of scope).
 */
function simulatedBot(
  clinc: NluDataset,
  intents: readonly string[],
  bot: number,
  size: number,
  sizes: BotSizes,
): { examples: { text: string; intent: string }[]; texts: { text: string; expected: string | null }[] } {
  const random = createSeededRandom(1000 + bot);
  const picked = new Set(intents.filter((_, i) => (i * 7 + bot * 13) % intents.length < size));
  const examples = [...picked].flatMap((intent, i) =>
    clinc.train.filter((e) => e.intent === intent).slice(0, sizes(bot, i, random)),
  );
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
  return { examples, texts };
}

/**
 * Simulated small bots, validation data only: `bots` bots of 8 CLINC150 intents (the first `sizes(…)`
 * train utterances of each; 15 by default), scored on those intents' `val` items (in scope) and on
 * `oos_val` + 200 `val` items of other intents (out of scope). Shows whether a threshold chosen on 150
 * intents holds for a bot with 8, and (imbalanced sizes) what a prior learnt from example counts costs.
 */
async function smallBots(
  clinc: NluDataset,
  engine: NluEngine,
  thresholds: readonly number[],
  sizes: BotSizes = balancedBots(15),
  bots = 5,
): Promise<string> {
  const intents = [...new Set(clinc.train.map((e) => e.intent))].sort();
  const sums = thresholds.map(() => ({ accuracy: 0, balanced: 0, weighted: 0, recall: 0 }));
  for (let bot = 0; bot < bots; bot += 1) {
    const { examples, texts } = simulatedBot(clinc, intents, bot, 8, sizes);
    const model = await engine.train({ locale: 'en', examples });
    const share = new Map<string, number>();
    for (const e of examples) share.set(e.intent, (share.get(e.intent) ?? 0) + 1 / examples.length);
    const items = (await scoreItems(texts, model)).items;
    thresholds.forEach((threshold, i) => {
      const m = computeMetrics(items, { threshold });
      sums[i]!.accuracy += m.inScopeAccuracy / bots;
      sums[i]!.balanced += balancedAccuracy(items, threshold) / bots;
      // In-scope accuracy if users asked for each intent as often as the bot has examples of it.
      sums[i]!.weighted +=
        m.perIntent.reduce((sum, p) => sum + p.recall * (share.get(p.intent) ?? 0), 0) / bots;
      sums[i]!.recall += (m.oosRecall ?? 0) / bots;
    });
  }
  return thresholds
    .map(
      (t, i) =>
        `${t}: in-scope ${pct(sums[i]!.accuracy)} (balanced ${pct(sums[i]!.balanced)}, weighted by training share ${pct(sums[i]!.weighted)}), out-of-scope recall ${pct(sums[i]!.recall)}`,
    )
    .join('; ');
}

/**
 * How `priorCorrection` was chosen: balanced and imbalanced simulated bots (validation data) and 5-fold
 * CV × 5 seeds of the Braun train splits, in-scope accuracy (plain and balanced) and out-of-scope recall
 * at the default threshold, with and without the correction; without `sizeCalibration`, as chosen.
 */
async function priorCorrectionSweep(clinc: NluDataset): Promise<void> {
  const bots: [string, BotSizes, number][] = [
    ['8 × 15', balancedBots(15), 5],
    ['8 × 30', balancedBots(30), 5],
    ['8 × 5–40 (seeded)', uniformImbalance, 10],
    ['8 × 5, 5, 5, 10, 10, 20, 40, 40', skewedImbalance, 10],
  ];
  const braun = await Promise.all(
    ['braun_chatbot', 'braun_askubuntu', 'braun_webapps'].map((name) =>
      loadNluDataset(path.join(DATASETS_DIR, `${name}.json`)),
    ),
  );
  for (const priorCorrection of [0, 0.5, 1]) {
    // Measured as in that round, before the calibration by bot size (which came after it).
    const engine = createLinearEngine({ priorCorrection, sizeCalibration: null });
    for (const [name, sizes, count] of bots) {
      const line = await smallBots(clinc, engine, [LINEAR_DEFAULT_THRESHOLD], sizes, count);
      console.log(`priorCorrection ${priorCorrection}, bots ${name} — ${line}`);
    }
    for (const dataset of braun) {
      const items: ScoredItem[] = [];
      for (const seed of [1, 2, 3, 4, 5]) {
        items.push(...(await crossValidate(datasetTrainingCorpus(dataset), { folds: 5, seed }, { engine })));
      }
      const m = computeMetrics(items, { threshold: LINEAR_DEFAULT_THRESHOLD });
      console.log(
        `priorCorrection ${priorCorrection}, ${dataset.name} 5-fold CV × 5 seeds at ${LINEAR_DEFAULT_THRESHOLD} — in-scope ${pct(m.inScopeAccuracy)} (balanced ${pct(balancedAccuracy(items, LINEAR_DEFAULT_THRESHOLD))}), top-1 ${pct(computeMetrics(items, { threshold: 0 }).inScopeAccuracy)}`,
      );
    }
  }
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

/** Bot shapes of `--size-table`: intents, and examples per intent. */
const TABLE_INTENTS = [2, 3, 4, 8, 16, 32, 64, 150];
const TABLE_EXAMPLES = [3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50];

/**
 * The points the `sizeCalibration` power law is fitted to: for bots of K CLINC150 intents × n utterances
 * (10 bots per shape, 4 for 64 intents, the one possible for 150), uncalibrated scores of their
 * validation texts pooled and the threshold rule applied; beside it, the calibrated and uncalibrated
 * engines' in-scope accuracy / out-of-scope recall at the default threshold (stderr). Prints the rule's
 * thresholds per shape as JSON on stdout (0 floored to 0.01, so that `ln t` can be fitted).
 */
async function sizeTable(args: Args): Promise<void> {
  const clinc = await loadNluDataset(path.join(DATASETS_DIR, 'clinc150_full.json'));
  const intents = [...new Set(clinc.train.map((e) => e.intent))].sort();
  const engines = { raw: createLinearEngine({ sizeCalibration: null }), calibrated: createLinearEngine() };
  const rows: { intents: number; examples: number[]; thresholds: number[] }[] = [];
  for (const size of args.intents ?? TABLE_INTENTS) {
    const bots = size >= 150 ? 1 : size >= 64 ? 4 : 10;
    const row = { intents: size, examples: [] as number[], thresholds: [] as number[] };
    for (const n of args.examples ?? TABLE_EXAMPLES) {
      const pooled = { raw: [] as ScoredItem[], calibrated: [] as ScoredItem[] };
      for (let bot = 0; bot < bots; bot += 1) {
        const { examples, texts } = simulatedBot(clinc, intents, bot, size, balancedBots(n));
        for (const key of ['raw', 'calibrated'] as const) {
          const model = await engines[key].train({ locale: 'en', examples });
          pooled[key].push(...(await scoreItems(texts, model)).items);
        }
      }
      const rule = thresholdWithinOnePoint(pooled.raw);
      row.examples.push(n);
      row.thresholds.push(Math.max(0.01, rule.threshold));
      const [raw, calibrated] = [pooled.raw, pooled.calibrated].map((items) =>
        computeMetrics(items, { threshold: LINEAR_DEFAULT_THRESHOLD }),
      );
      console.error(
        `${size} intents × ${n}: top-1 ${pct(computeMetrics(pooled.raw, { threshold: 0 }).inScopeAccuracy)}, rule ${rule.threshold}; at ${LINEAR_DEFAULT_THRESHOLD} uncalibrated ${pct(raw!.inScopeAccuracy)} / ${pct(raw!.oosRecall)}, calibrated ${pct(calibrated!.inScopeAccuracy)} / ${pct(calibrated!.oosRecall)}`,
      );
    }
    rows.push(row);
  }
  console.log(JSON.stringify(rows));
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
  await priorCorrectionSweep(clinc);
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
(args.sizeTable ? sizeTable(args) : args.calibrate ? calibrate() : bench(args)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
