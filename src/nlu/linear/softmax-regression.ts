import { createSeededRandom, shuffleInPlace } from './seeded-random';
import type { RandomSource } from './seeded-random';
import type { SparseVector } from './sparse-vector';

/**
 * The parameters of a multinomial linear model; `weights` is feature-major (`weights[f * classes + c]`).
 * The last class is the background ("no intent") class: its weights and bias stay zero, so its logit is
 * always 0 and every intent must outscore it.
 */
export interface LinearWeights {
  readonly dims: number;
  readonly classes: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** How intents' biases are learnt (see {@link SoftmaxTrainingOptions.bias}). */
export type BiasMode = 'perClass' | 'shared' | 'none';

/** One training sample: a feature vector and its class index (the last class for a negative). */
export interface TrainingSample {
  readonly x: SparseVector;
  readonly y: number;
  /** How much the sample counts (1 by default). */
  readonly weight?: number;
}

/** Hyper-parameters of {@link trainSoftmaxRegression}. */
export interface SoftmaxTrainingOptions {
  readonly dims: number;
  /** Number of classes, the background class included. */
  readonly classes: number;
  readonly epochs: number;
  /** Initial learning rate, decayed linearly to zero over the run. */
  readonly learningRate: number;
  readonly seed: number;
  /**
   * `perClass`: a bias per intent (a prior); `shared`: one bias for all intents against the background
   * class (how readily anything matches, without favouring frequent intents); `none`.
   */
  readonly bias: BiasMode;
  /**
   * Share of a sample's features hidden at random at each update (inverted dropout: the kept ones are
   * scaled by `1 / (1 − p)`); 0 (the default) trains on whole vectors.
   */
  readonly featureDropout?: number;
  /** Called after each epoch with (epochs done, total epochs). */
  readonly onEpoch?: (done: number, total: number) => void;
}

/** Updates smaller than this change no score measurably; skipping them saves time on fitted classes. */
const GRADIENT_FLOOR = 1e-4;

/** Writes the logits of `x` into `out` (length `classes`). */
export function computeLogits(model: LinearWeights, x: SparseVector, out: Float32Array): void {
  const { classes, weights, bias } = model;
  const { indices, values } = x;
  out.set(bias);
  for (let i = 0; i < indices.length; i += 1) {
    const value = values[i]!;
    const row = indices[i]! * classes;
    for (let c = 0; c < classes; c += 1) out[c]! += value * weights[row + c]!;
  }
}

/** Softmax of `logits`, in place. */
export function softmaxInPlace(logits: Float32Array): void {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c += 1) max = Math.max(max, logits[c]!);
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    const e = Math.exp(logits[c]! - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c += 1) logits[c]! /= sum;
}

/** Copies a random subset of `x` (each feature kept with probability `1 − p`, rescaled) into `into`. */
function dropFeatures(
  x: SparseVector,
  p: number,
  keepScale: number,
  random: RandomSource,
  into: { indices: Int32Array; values: Float32Array },
): SparseVector {
  let n = 0;
  for (let i = 0; i < x.indices.length; i += 1) {
    if (random() < p) continue;
    into.indices[n] = x.indices[i]!;
    into.values[n] = x.values[i]! * keepScale;
    n += 1;
  }
  return { indices: into.indices.subarray(0, n), values: into.values.subarray(0, n) };
}

/** Yields to the event loop so progress bars and timers run between epochs. */
function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Trains multinomial logistic regression by plain SGD over sparse vectors (fastText-style: a few
 * epochs, linearly decaying learning rate, no weight decay; feature dropout on request), the last class
 * being the frozen background class. Deterministic for a given seed. Cost per sample is (non-zero
 * features × classes).
 */
export async function trainSoftmaxRegression(
  samples: readonly TrainingSample[],
  options: SoftmaxTrainingOptions,
): Promise<LinearWeights> {
  const { dims, classes, epochs } = options;
  const weights = new Float32Array(dims * classes);
  const bias = new Float32Array(classes);
  const model: LinearWeights = { dims, classes, weights, bias };
  const learnt = classes - 1;
  const biasMode = options.bias;
  const random = createSeededRandom(options.seed);
  const order = samples.map((_, i) => i);
  const gradient = new Float32Array(classes);
  const active = new Int32Array(classes);
  const total = epochs * samples.length;
  const dropout = options.featureDropout ?? 0;
  const keepScale = 1 / (1 - dropout);
  let longest = 0;
  for (const sample of samples) longest = Math.max(longest, sample.x.indices.length);
  const kept = { indices: new Int32Array(longest), values: new Float32Array(longest) };
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const sample = samples[index]!;
      const x = dropout > 0 ? dropFeatures(sample.x, dropout, keepScale, random, kept) : sample.x;
      step += 1;
      const lr = options.learningRate * (1 - step / (total + 1)) * (sample.weight ?? 1);
      computeLogits(model, x, gradient);
      softmaxInPlace(gradient);
      let nActive = 0;
      let sharedStep = 0;
      for (let c = 0; c < learnt; c += 1) {
        // Gradient of the cross-entropy w.r.t. the logit, already multiplied by -lr.
        const g = -lr * (gradient[c]! - (c === sample.y ? 1 : 0));
        gradient[c] = g;
        if (biasMode === 'perClass') bias[c]! += g;
        sharedStep += g;
        if (g > GRADIENT_FLOOR || g < -GRADIENT_FLOOR) active[nActive++] = c;
      }
      if (biasMode === 'shared') for (let c = 0; c < learnt; c += 1) bias[c]! += sharedStep;
      const { indices, values } = x;
      for (let i = 0; i < indices.length; i += 1) {
        const value = values[i]!;
        const row = indices[i]! * classes;
        for (let k = 0; k < nActive; k += 1) {
          const c = active[k]!;
          weights[row + c]! += value * gradient[c]!;
        }
      }
    }
    options.onEpoch?.(epoch + 1, epochs);
    await nextTick();
  }
  return model;
}
