import type { NluEngine } from '../nlu-engine';
import { computeMetrics } from './compute-metrics';
import type { EvaluationMetrics } from './compute-metrics';
import { peakRssMb, summarizeLatency } from './latency';
import { datasetSplit, datasetTrainingCorpus } from './nlu-dataset';
import type { NluDataset } from './nlu-dataset';
import { proposeThreshold } from './propose-threshold';
import type { ThresholdProposal } from './propose-threshold';
import { scoreItems } from './score-items';

/** Default precision of matches a proposed threshold aims for. */
export const DEFAULT_TARGET_PRECISION = 0.95;

const WARM_UP_CALLS = 500;

/** What to evaluate. */
export interface DatasetEvaluationInput {
  readonly dataset: NluDataset;
  /** Scores at or above this are matches. */
  readonly threshold: number;
  /** Train with the dataset's `oos_train` texts as negatives. */
  readonly useOosTrain?: boolean;
  /** Precision of matches the proposed threshold aims for (default {@link DEFAULT_TARGET_PRECISION}). */
  readonly targetPrecision?: number;
  readonly locale?: string;
}

/** What the evaluation needs. */
export interface DatasetEvaluationDeps {
  readonly engine: NluEngine;
  readonly onTrainProgress?: (done: number, total: number) => void;
  readonly onTestProgress?: (done: number, total: number) => void;
}

/** The outcome of training on a dataset's `train` split and testing on `test` + `oos_test`. */
export interface DatasetEvaluation {
  readonly dataset: string;
  readonly engine: string;
  readonly useOosTrain: boolean;
  readonly threshold: number;
  /** Proposed from the `val` + `oos_val` splits when the dataset has them, else `null`. */
  readonly proposedThreshold: ThresholdProposal | null;
  readonly trainMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Peak resident memory of the process so far (MB). */
  readonly rssMb: number;
  /** Length of the serialized model (bytes of its UTF-16 string, counted as characters). */
  readonly modelChars: number;
  readonly metrics: EvaluationMetrics;
}

/**
 * Trains `deps.engine` on the dataset's `train` split (plus `oos_train` as negatives when asked),
 * scores `test` + `oos_test` at `input.threshold`, measures training time, classify latency and
 * peak memory, and proposes a threshold from the validation split (never from the test split).
 */
export async function evaluateDataset(
  input: DatasetEvaluationInput,
  deps: DatasetEvaluationDeps,
): Promise<DatasetEvaluation> {
  const { dataset, threshold } = input;
  const useOosTrain = input.useOosTrain ?? false;
  const corpus = datasetTrainingCorpus(dataset, { useOosTrain, locale: input.locale ?? 'en' });
  const started = performance.now();
  const model = await deps.engine.train(corpus, deps.onTrainProgress);
  const trainMs = performance.now() - started;
  // Warm the JIT up first, so the latency percentiles describe a running bot, not the first calls.
  for (let i = 0; i < WARM_UP_CALLS; i += 1) {
    await model.classify(corpus.examples[i % corpus.examples.length]?.text ?? '');
  }
  const test = await scoreItems(datasetSplit(dataset, 'test'), model, deps.onTestProgress);
  const latency = summarizeLatency(test.durationsMs);
  const val = datasetSplit(dataset, 'val');
  const proposedThreshold =
    val.length === 0
      ? null
      : proposeThreshold((await scoreItems(val, model)).items, {
          targetPrecision: input.targetPrecision ?? DEFAULT_TARGET_PRECISION,
        });
  return {
    dataset: dataset.name,
    engine: deps.engine.name,
    useOosTrain,
    threshold,
    proposedThreshold,
    trainMs,
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    rssMb: peakRssMb(),
    modelChars: model.serialize().length,
    metrics: computeMetrics(test.items, { threshold }),
  };
}
