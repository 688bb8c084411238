import { InvalidArgumentError, Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import {
  catalogToCorpus,
  computeMetrics,
  createLinearEngine,
  createNlpjsEngine,
  crossValidate,
  DEFAULT_TARGET_PRECISION,
  evaluateDataset,
  formatIntentProblem,
  LINEAR_DEFAULT_THRESHOLD,
  loadIntents,
  loadNluDataset,
  peakRssMb,
  proposeThreshold,
} from '../nlu';
import type { DatasetEvaluation, EvaluationMetrics, NluEngine, ThresholdProposal } from '../nlu';

/** The NLP.js engine's usual threshold (`NLU_THRESHOLD`'s default). */
const NLPJS_DEFAULT_THRESHOLD = 0.5;

interface EvalOptions {
  readonly dataset?: string;
  readonly intents: string;
  readonly engine: 'linear' | 'nlpjs';
  readonly threshold?: number;
  readonly useOosTrain?: boolean;
  readonly folds: number;
  readonly seed: number;
  readonly targetPrecision: number;
  readonly json?: boolean;
}

function parseUnitInterval(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number between 0 and 1');
  return n;
}

function parseFolds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 20)
    throw new InvalidArgumentError('expected an integer from 2 to 20');
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

function parseEngine(value: string): 'linear' | 'nlpjs' {
  if (value !== 'linear' && value !== 'nlpjs') throw new InvalidArgumentError('expected "linear" or "nlpjs"');
  return value;
}

function engineFor(name: 'linear' | 'nlpjs'): { engine: NluEngine; threshold: number } {
  return name === 'linear'
    ? { engine: createLinearEngine(), threshold: LINEAR_DEFAULT_THRESHOLD }
    : { engine: createNlpjsEngine(), threshold: NLPJS_DEFAULT_THRESHOLD };
}

/** A progress bar on stderr (drawn only when stderr is a terminal). */
function progressBar(task: string): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${task.padEnd(10)} [{bar}] {percentage}% {value}/{total}`,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const ms = (x: number): string => (x >= 100 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(2)} ms`);

function proposalLine(p: ThresholdProposal | null, target: number, source: string): string {
  if (p === null) return `proposed threshold: – (no ${source})`;
  const reach = p.met
    ? `precision ${pct(p.precision)}`
    : `target not reachable, best precision ${pct(p.precision)}`;
  return `proposed threshold: ${p.threshold.toFixed(3)} for ${pct(target)} precision of matches on ${source} (${reach}, in-scope accuracy ${pct(p.inScopeAccuracy)}, out-of-scope recall ${pct(p.oosRecall)})`;
}

function metricsLines(m: EvaluationMetrics, perIntent: boolean): string[] {
  const lines = [
    `in-scope accuracy: ${pct(m.inScopeAccuracy)} of ${m.inScopeCount}   out-of-scope recall: ${pct(m.oosRecall)} of ${m.outOfScopeCount}`,
    `macro-F1: ${pct(m.macroF1)}   precision of matches: ${pct(m.matchPrecision)}   threshold: ${m.threshold}`,
  ];
  if (perIntent) {
    lines.push('', 'intent'.padEnd(32) + 'support  recall  precision');
    const worst = [...m.perIntent].sort((a, b) => a.f1 - b.f1 || a.intent.localeCompare(b.intent));
    for (const i of worst) {
      lines.push(
        `${i.intent.padEnd(32)}${String(i.support).padStart(7)}  ${pct(i.recall).padStart(7)}  ${pct(i.precision).padStart(9)}`,
      );
    }
  }
  if (m.confusions.length > 0) lines.push('', 'most confused (expected → answered):');
  for (const c of m.confusions) {
    lines.push(
      `  ${c.count} × ${c.expected ?? '(none)'} → ${c.predicted ?? '(unmatched)'}: ${c.examples.map((t: string) => JSON.stringify(t)).join(', ')}`,
    );
  }
  return lines;
}

function datasetJson(r: DatasetEvaluation): Record<string, unknown> {
  return {
    dataset: r.dataset,
    engine: r.engine,
    useOosTrain: r.useOosTrain,
    inScopeAccuracy: r.metrics.inScopeAccuracy,
    oosRecall: r.metrics.oosRecall,
    macroF1: r.metrics.macroF1,
    matchPrecision: r.metrics.matchPrecision,
    trainMs: r.trainMs,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    rssMb: r.rssMb,
    modelChars: r.modelChars,
    threshold: r.threshold,
    proposedThreshold: r.proposedThreshold?.threshold ?? null,
    proposal: r.proposedThreshold,
    perIntent: r.metrics.perIntent,
    confusions: r.metrics.confusions,
  };
}

async function evalDataset(file: string, opts: EvalOptions): Promise<void> {
  const { engine, threshold } = engineFor(opts.engine);
  const dataset = await loadNluDataset(file);
  const train = progressBar('training');
  const test = progressBar('testing');
  const result = await evaluateDataset(
    {
      dataset,
      threshold: opts.threshold ?? threshold,
      useOosTrain: opts.useOosTrain ?? false,
      targetPrecision: opts.targetPrecision,
    },
    { engine, onTrainProgress: train.update, onTestProgress: test.update },
  );
  train.stop();
  test.stop();
  if (opts.json) {
    console.log(JSON.stringify(datasetJson(result)));
    return;
  }
  console.log(
    `${result.dataset} — engine ${result.engine}${result.useOosTrain ? ', oos_train as negatives' : ''}`,
  );
  for (const line of metricsLines(result.metrics, false)) console.log(line);
  console.log('');
  console.log(
    `training: ${ms(result.trainMs)}   classify p50 ${ms(result.p50Ms)} / p99 ${ms(result.p99Ms)}   peak RSS ${result.rssMb.toFixed(0)} MB   model ${(result.modelChars / 1e6).toFixed(1)} MB`,
  );
  console.log(proposalLine(result.proposedThreshold, opts.targetPrecision, 'val + oos_val'));
}

async function evalIntents(opts: EvalOptions): Promise<void> {
  const { engine, threshold: engineThreshold } = engineFor(opts.engine);
  const threshold = opts.threshold ?? engineThreshold;
  const loaded = await loadIntents(opts.intents);
  if (!loaded.ok) {
    for (const p of loaded.error) console.error(formatIntentProblem(p));
    process.exitCode = 1;
    return;
  }
  const corpus = catalogToCorpus(loaded.value);
  const bar = progressBar('folds');
  const started = performance.now();
  const items = await crossValidate(
    corpus,
    { folds: opts.folds, seed: opts.seed },
    { engine, onFold: bar.update },
  );
  bar.stop();
  const metrics = computeMetrics(items, { threshold });
  const proposal = proposeThreshold(items, { targetPrecision: opts.targetPrecision });
  if (opts.json) {
    const { perIntent, confusions, ...summary } = metrics;
    console.log(
      JSON.stringify({
        engine: engine.name,
        folds: opts.folds,
        ...summary,
        threshold,
        proposedThreshold: proposal.threshold,
        proposal,
        totalMs: performance.now() - started,
        rssMb: peakRssMb(),
        perIntent,
        confusions,
      }),
    );
    return;
  }
  console.log(
    `${opts.folds}-fold cross-validation of ${corpus.examples.length} utterances in ${loaded.value.intents.size} intents — engine ${engine.name}`,
  );
  for (const line of metricsLines(metrics, true)) console.log(line);
  console.log('');
  console.log(proposalLine(proposal, opts.targetPrecision, 'the cross-validation folds'));
}

/**
 * `parley eval`: measures NLU quality. With `--dataset <file>` (the shared benchmark shape) it trains on
 * `train` (+ `oos_train` as negatives with `--use-oos-train`), tests on `test` + `oos_test` and prints
 * in-scope accuracy, out-of-scope recall, macro-F1, training time, classify latency, peak memory and a
 * threshold proposed from `val` + `oos_val`. Without it, k-fold cross-validates the bot's own intents
 * (`--intents`, default `./intents`). `--json` prints one JSON object on stdout; progress bars go to stderr.
 */
export function createEvalCommand(): Command {
  return new Command('eval')
    .description('measure NLU quality on a benchmark dataset, or by cross-validating the intents')
    .option(
      '--dataset <file>',
      'a dataset JSON file (train/test/oos_test); without it, cross-validate the intents',
    )
    .option('--intents <dir>', 'intents directory to cross-validate', './intents')
    .option('--engine <name>', 'linear or nlpjs', parseEngine, 'linear')
    .option(
      '--threshold <x>',
      "matching threshold (default: the engine's shipped default)",
      parseUnitInterval,
    )
    .option('--use-oos-train', "train with the dataset's oos_train texts as negatives")
    .option('--folds <k>', 'cross-validation folds', parseFolds, 5)
    .option('--seed <n>', 'seed of the fold split', parseSeed, 1)
    .option(
      '--target-precision <p>',
      'precision of matches the proposed threshold aims for',
      parseUnitInterval,
      DEFAULT_TARGET_PRECISION,
    )
    .option('--json', 'print one JSON object on stdout')
    .action(async (opts: EvalOptions) => {
      if (opts.dataset !== undefined) await evalDataset(opts.dataset, opts);
      else await evalIntents(opts);
    });
}
