import { isParleyError, ParleyError } from '../../core';
import { createNlpjsEngine } from '../nlpjs-engine';
import type { NluEngine, TrainingCorpus, TrainingProgress } from '../nlu-engine';
import { createFeaturizer } from './featurizer';
import { createLinearModel, loadLinearModel } from './linear-model';
import type { EnsemblePart, LinearModel } from './linear-model';
import {
  centroidWeight,
  epochsFor,
  linearSettingsSchema,
  priorCorrectionFor,
  usesDropout,
} from './linear-settings';
import { correctIntentPriors } from './correct-intent-priors';
import { LINEAR_DEFAULT_THRESHOLD } from './default-threshold';
import { scoreExponentFor } from './size-calibration';
import { fitCentroids } from './fit-centroids';
import type { LinearEngineOptions, LinearSettings } from './linear-settings';
import { trainSoftmaxRegression } from './softmax-regression';
import type { LinearWeights, TrainingSample } from './softmax-regression';
import { fitIdf } from './tf-idf';

/** A labelled text in class-index form. */
interface IndexedText {
  readonly text: string;
  readonly y: number;
}

function indexCorpus(corpus: TrainingCorpus): { intents: string[]; items: IndexedText[] } {
  const intents = [...new Set(corpus.examples.map((e) => e.intent))].sort();
  const classOf = new Map(intents.map((intent, i) => [intent, i]));
  const items = corpus.examples.map((e) => ({ text: e.text, y: classOf.get(e.intent) ?? 0 }));
  // Negatives are examples of the background class, which follows the intents.
  for (const text of corpus.negatives ?? []) items.push({ text, y: intents.length });
  return { intents, items };
}

/** Dependencies of {@link createLinearEngine}. */
export interface LinearEngineDeps {
  /** The NLP.js engine used for the ensemble on small corpora (default: `createNlpjsEngine()`). */
  readonly nlpjs?: NluEngine;
}

/** Trains the NLP.js half of the ensemble, or nothing when the corpus is too large or its locale unsupported. */
async function trainNlpjs(
  settings: LinearSettings,
  corpus: TrainingCorpus,
  intents: number,
  nlpjs: NluEngine,
): Promise<EnsemblePart | undefined> {
  const cost = corpus.examples.length * intents;
  if (settings.nlpjsWeight === 0 || cost > settings.nlpjsEnsembleMaxCost) return undefined;
  try {
    return { model: await nlpjs.train(corpus), weight: settings.nlpjsWeight };
  } catch (error) {
    // A locale NLP.js has no plugin for still gets the linear model, which needs none.
    if (isParleyError(error, 'nlu.unsupported_locale')) return undefined;
    throw error;
  }
}

/** Trains the softmax regression of `settings` on `samples` for `shape.epochs`, with feature dropout if `dropout`. */
function fitWeights(
  settings: LinearSettings,
  samples: readonly TrainingSample[],
  shape: { readonly dims: number; readonly classes: number; readonly epochs: number },
  dropout: boolean,
  onEpoch: (done: number, total: number) => void,
): Promise<LinearWeights> {
  return trainSoftmaxRegression(samples, {
    ...shape,
    learningRate: settings.learningRate,
    bias: settings.bias,
    seed: settings.seed,
    featureDropout: dropout ? settings.featureDropout : 0,
    onEpoch,
  });
}

/** The weights with the intent biases corrected toward a uniform prior (see `correctIntentPriors`). */
function withoutIntentPriors(
  weights: LinearWeights,
  items: readonly IndexedText[],
  intents: number,
  strength: number,
): LinearWeights {
  if (strength === 0) return weights;
  const counts = new Array<number>(intents).fill(0);
  for (const { y } of items) if (y < intents) counts[y] = (counts[y] ?? 0) + 1;
  return { ...weights, bias: correctIntentPriors(weights.bias, counts, strength) };
}

async function train(
  settings: LinearSettings,
  nlpjs: NluEngine,
  corpus: TrainingCorpus,
  onProgress?: TrainingProgress,
): Promise<LinearModel> {
  if (corpus.examples.length === 0) {
    throw new ParleyError('intents.empty', 'The linear engine needs at least one training example.');
  }
  const { intents, items } = indexCorpus(corpus);
  const featurizer = createFeaturizer(settings, corpus.locale);
  const counts = items.map((item) => featurizer.count(item.text));
  const idf = fitIdf(counts, featurizer.buckets);
  const samples: TrainingSample[] = counts.map((c, i) => ({
    x: featurizer.vectorize(c, idf),
    y: items[i]?.y ?? 0,
  }));
  const dropout = usesDropout(settings, samples.length);
  const epochs = epochsFor(settings, samples.length);
  onProgress?.(1, epochs + 1);
  const shape = { dims: featurizer.buckets, classes: intents.length + 1, epochs };
  const fitted = await fitWeights(settings, samples, shape, dropout, (done) =>
    onProgress?.(done + 1, epochs + 1),
  );
  const examplesPerIntent = corpus.examples.length / intents.length;
  const weights = withoutIntentPriors(
    fitted,
    items,
    intents.length,
    priorCorrectionFor(settings, examplesPerIntent),
  );
  const logitScale = dropout ? settings.dropoutLogitScale : 1;
  const scoreExponent = scoreExponentFor(settings, LINEAR_DEFAULT_THRESHOLD, {
    intents: intents.length,
    examplesPerIntent,
    dropout,
  });
  const weight = centroidWeight(settings, examplesPerIntent);
  const centroids =
    weight > 0 ? { weight, matrix: fitCentroids(samples, shape.dims, intents.length) } : undefined;
  const ensemble = await trainNlpjs(settings, corpus, intents.length, nlpjs);
  return createLinearModel(
    {
      settings,
      locale: corpus.locale,
      intents,
      idf,
      weights,
      logitScale,
      scoreExponent,
      ...(centroids ? { centroids } : {}),
    },
    ensemble,
  );
}

/**
 * Creates the linear NLU engine: NLP.js normalisation, tokenisation and stemming, hashed word
 * uni/bigrams and character n-grams weighted by TF-IDF, and a multinomial logistic regression
 * trained by SGD against a background ("no intent") class whose logit is fixed at 0. Negatives in the
 * corpus are examples of that background class. Scores are certainties in [0, 1] (see
 * `certaintyScores`), comparable across corpora with few or many intents, so one threshold
 * ({@link LINEAR_DEFAULT_THRESHOLD}) separates matches from out-of-scope messages. Training is
 * deterministic (seeded). Corpora large enough to be trained in `minEpochs` passes are trained with
 * feature dropout, and their logits scaled by `dropoutLogitScale` so that the threshold keeps its
 * meaning; corpora with few examples per intent blend intent centroids into the ranking (see
 * `centroidExamples`) and have their intent biases corrected toward a uniform prior (see
 * `priorCorrection`). Opt-in (`nlpjsEnsembleMaxCost`), the NLP.js network is trained too on small
 * corpora and the two models' scores averaged (better in-scope accuracy, much worse out-of-scope
 * detection). Throws a zod error for invalid options.
 */
export function createLinearEngine(
  options: LinearEngineOptions = {},
  deps: LinearEngineDeps = {},
): NluEngine {
  const settings = linearSettingsSchema.parse(options);
  const nlpjs = deps.nlpjs ?? createNlpjsEngine();
  return {
    name: 'linear',
    // NLP.js's version matters only when the ensemble may use it.
    settingsKey: `linear-v1:${JSON.stringify(settings)}${settings.nlpjsEnsembleMaxCost > 0 ? `;${nlpjs.settingsKey}` : ''}`,
    train: (corpus, onProgress) => train(settings, nlpjs, corpus, onProgress),
    load: (serialized) => loadLinearModel(serialized, (text) => nlpjs.load(text)),
  };
}
