import { z } from 'zod';
import { ParleyError } from '../../core';
import type { IntentScore } from '../../core';
import type { TrainedModel } from '../nlu-engine';
import { certaintyScores } from './certainty-scores';
import { ensembleScores } from './ensemble-model';
import { createFeaturizer } from './featurizer';
import type { Featurizer } from './featurizer';
import { linearSettingsSchema } from './linear-settings';
import type { LinearSettings } from './linear-settings';
import { blendWithCentroids } from './blend-with-centroids';
import { dequantizeWeights, quantizeWeights } from './quantize-weights';
import type { QuantizedWeights } from './quantize-weights';
import { computeLogits, softmaxInPlace } from './softmax-regression';
import type { LinearWeights } from './softmax-regression';

/** The serialized form of a linear model (typed arrays as little-endian base64). */
export const linearModelPayloadSchema = z.strictObject({
  format: z.literal('parley.linear'),
  version: z.literal(1),
  settings: linearSettingsSchema,
  locale: z.string().min(1),
  /** Intent names in weight-column order; the background ("no intent") column follows them, unlisted. */
  intents: z.array(z.string().min(1)).min(1),
  idf: z.string(),
  bias: z.string(),
  scales: z.string(),
  codes: z.string(),
  /** Factor applied to the logits before the softmax (per-model calibration); 1 when absent. */
  logitScale: z.number().positive().optional(),
  /** Exponent applied to the scores (calibration by bot size, see `scoreExponentFor`); 1 when absent. */
  scoreExponent: z.number().positive().max(1).optional(),
  /** Intent centroids blended into the ranking (small corpora), as int8 codes with a scale per feature. */
  centroids: z
    .strictObject({ weight: z.number().gt(0).max(1), scales: z.string(), codes: z.string() })
    .optional(),
  /** The serialized NLP.js model of an ensemble, if the model is one. */
  nlpjs: z.string().optional(),
});
/** The serialized form of a linear model. */
export type LinearModelPayload = z.infer<typeof linearModelPayloadSchema>;

/** Everything a trained linear model is made of. */
export interface LinearModelParts {
  readonly settings: LinearSettings;
  readonly locale: string;
  /** Intent names in weight-column order; the last column (background class) is not an intent. */
  readonly intents: readonly string[];
  readonly idf: Float32Array;
  readonly weights: LinearWeights;
  /** Factor applied to the logits before the softmax (1: none). */
  readonly logitScale: number;
  /** Exponent applied to the scores (1: none; see `scoreExponentFor`). */
  readonly scoreExponent: number;
  /** Intent centroids (feature-major, `dims × intents`) and their weight in the ranking, if any. */
  readonly centroids?: CentroidPart;
}

/** Intent centroids and their weight in the ranking (see `blendWithCentroids`). */
export interface CentroidPart {
  readonly weight: number;
  readonly matrix: Float32Array;
}

/** A {@link TrainedModel} made of the linear classifier and, for small corpora, an NLP.js model. */
export interface LinearModel extends TrainedModel {
  /** The linear classifier's own scores, without the NLP.js ensemble. */
  classifyLinear(text: string): IntentScore[];
}

/** An optional NLP.js model to average with, and its weight. */
export interface EnsemblePart {
  readonly model: TrainedModel;
  readonly weight: number;
}

function toBase64(array: Float32Array | Int8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64(text: string): ArrayBuffer {
  // Copy into a fresh, aligned buffer: a decoded Buffer may sit at any offset of a shared pool.
  return Uint8Array.from(Buffer.from(text, 'base64')).buffer;
}

function byScoreThenName(a: IntentScore, b: IntentScore): number {
  return b.score - a.score || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0);
}

/** Centroids ready to score: their matrix as a bias-free linear layer over the same features. */
interface CentroidScorer {
  readonly weight: number;
  readonly model: LinearWeights;
}

function scoreAll(
  parts: LinearModelParts,
  centroids: CentroidScorer | undefined,
  featurizer: Featurizer,
  text: string,
): IntentScore[] {
  const { weights, intents, idf, logitScale, scoreExponent } = parts;
  const x = featurizer.vectorize(featurizer.count(text), idf);
  // No feature at all (empty text, punctuation only): no evidence for any intent.
  if (x.indices.length === 0) return intents.map((intent) => ({ intent, score: 0 })).sort(byScoreThenName);
  const probs = new Float32Array(weights.classes);
  computeLogits(weights, x, probs);
  if (logitScale !== 1) for (let c = 0; c < probs.length; c += 1) probs[c]! *= logitScale;
  softmaxInPlace(probs);
  let certainty = certaintyScores(probs);
  if (centroids !== undefined) {
    const similarities = new Float32Array(intents.length);
    computeLogits(centroids.model, x, similarities);
    certainty = blendWithCentroids(certainty, similarities, centroids.weight);
  }
  const scores = intents.map((intent, c) => ({
    intent,
    score: scoreExponent === 1 ? (certainty[c] ?? 0) : (certainty[c] ?? 0) ** scoreExponent,
  }));
  return scores.sort(byScoreThenName);
}

/**
 * Wraps trained parts into a model. The weights are quantized to int8 at once, so that a model
 * and the model loaded from its `serialize()` give bit-identical scores.
 */
export function createLinearModel(parts: LinearModelParts, ensemble?: EnsemblePart): LinearModel {
  const { classes, dims } = parts.weights;
  const quantized = quantizeWeights(parts.weights.weights, dims, classes);
  const centroids =
    parts.centroids === undefined
      ? undefined
      : {
          weight: parts.centroids.weight,
          ...quantizeWeights(parts.centroids.matrix, dims, parts.intents.length),
        };
  return modelFromQuantized(parts, quantized.scales, quantized.codes, centroids, ensemble);
}

/** Centroids as stored: int8 codes with a scale per feature. */
interface QuantizedCentroids extends QuantizedWeights {
  readonly weight: number;
}

function modelFromQuantized(
  parts: LinearModelParts,
  scales: Float32Array,
  codes: Int8Array,
  centroids: QuantizedCentroids | undefined,
  ensemble: EnsemblePart | undefined,
): LinearModel {
  const { classes, dims, bias } = parts.weights;
  const weights = dequantizeWeights({ scales, codes }, classes);
  const ready: LinearModelParts = {
    ...parts,
    weights: { classes, dims, bias, weights },
    ...(centroids === undefined
      ? {}
      : {
          centroids: {
            weight: centroids.weight,
            matrix: dequantizeWeights(centroids, parts.intents.length),
          },
        }),
  };
  const featurizer = createFeaturizer(parts.settings, parts.locale);
  const scorer: CentroidScorer | undefined =
    ready.centroids === undefined
      ? undefined
      : {
          weight: ready.centroids.weight,
          model: {
            dims,
            classes: parts.intents.length,
            weights: ready.centroids.matrix,
            bias: new Float32Array(parts.intents.length),
          },
        };
  const classifyLinear = (text: string): IntentScore[] => scoreAll(ready, scorer, featurizer, text);
  const linearOnly: TrainedModel = { classify: async (text) => classifyLinear(text), serialize: () => '' };
  return {
    classifyLinear,
    classify: async (text) =>
      ensemble === undefined
        ? classifyLinear(text)
        : ensembleScores(linearOnly, ensemble.model, parts.settings.nlpjsWeight, text),
    serialize: () => {
      const payload: LinearModelPayload = {
        format: 'parley.linear',
        version: 1,
        settings: parts.settings,
        locale: parts.locale,
        intents: [...parts.intents],
        idf: toBase64(parts.idf),
        bias: toBase64(bias),
        scales: toBase64(scales),
        codes: toBase64(codes),
        ...(parts.logitScale === 1 ? {} : { logitScale: parts.logitScale }),
        ...(parts.scoreExponent === 1 ? {} : { scoreExponent: parts.scoreExponent }),
        ...(centroids === undefined
          ? {}
          : {
              centroids: {
                weight: centroids.weight,
                scales: toBase64(centroids.scales),
                codes: toBase64(centroids.codes),
              },
            }),
        ...(ensemble === undefined ? {} : { nlpjs: ensemble.model.serialize() }),
      };
      return JSON.stringify(payload);
    },
  };
}

function corrupt(reason: string, cause?: unknown): ParleyError {
  return new ParleyError('nlu.model_corrupt', `The linear NLU model cannot be loaded: ${reason}`, { cause });
}

/** Loads the NLP.js half of an ensemble. */
export type NlpjsLoader = (serialized: string) => Promise<TrainedModel>;

/**
 * Parses a string produced by a linear model's `serialize()`. Throws `ParleyError('nlu.model_corrupt')`
 * when it is not valid JSON, does not match {@link linearModelPayloadSchema}, or its arrays do not have
 * the sizes its settings imply; the NLP.js half of an ensemble is loaded with `loadNlpjs`.
 */
export async function loadLinearModel(serialized: string, loadNlpjs: NlpjsLoader): Promise<LinearModel> {
  let json: unknown;
  try {
    json = JSON.parse(serialized);
  } catch (error) {
    throw corrupt('not JSON', error);
  }
  const parsed = linearModelPayloadSchema.safeParse(json);
  if (!parsed.success) throw corrupt(z.prettifyError(parsed.error), parsed.error);
  const payload = parsed.data;
  const dims = 1 << payload.settings.hashBits;
  const classes = payload.intents.length + 1;
  const idf = new Float32Array(fromBase64(payload.idf));
  const bias = new Float32Array(fromBase64(payload.bias));
  const scales = new Float32Array(fromBase64(payload.scales));
  const codes = new Int8Array(fromBase64(payload.codes));
  if (
    idf.length !== dims ||
    bias.length !== classes ||
    scales.length !== dims ||
    codes.length !== dims * classes
  ) {
    throw corrupt('array sizes do not match the settings');
  }
  let centroids: QuantizedCentroids | undefined;
  if (payload.centroids !== undefined) {
    centroids = {
      weight: payload.centroids.weight,
      scales: new Float32Array(fromBase64(payload.centroids.scales)),
      codes: new Int8Array(fromBase64(payload.centroids.codes)),
    };
    if (centroids.scales.length !== dims || centroids.codes.length !== dims * payload.intents.length) {
      throw corrupt('centroid array sizes do not match the settings');
    }
  }
  const parts: LinearModelParts = {
    settings: payload.settings,
    locale: payload.locale,
    intents: payload.intents,
    idf,
    weights: { dims, classes, bias, weights: new Float32Array(0) },
    logitScale: payload.logitScale ?? 1,
    scoreExponent: payload.scoreExponent ?? 1,
  };
  const ensemble =
    payload.nlpjs === undefined
      ? undefined
      : { model: await loadNlpjs(payload.nlpjs), weight: payload.settings.nlpjsWeight };
  return modelFromQuantized(parts, scales, codes, centroids, ensemble);
}
