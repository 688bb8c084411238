import { createIntentMatcher } from './create-intent-matcher';
import type { IntentCatalog } from './intent-catalog';
import { catalogToCorpus } from './intent-catalog';
import type { IntentMatcher } from './intent-matcher';
import type { ModelCache } from './model-cache';
import { modelCacheKey } from './model-cache-key';
import type { NluEngine, TrainedModel, TrainingProgress } from './nlu-engine';
import type { NluLogger } from './nlu-logger';
import { silentNluLogger } from './nlu-logger';

/** Inputs of {@link buildIntentMatcher}. */
export interface BuildIntentMatcherInput {
  readonly catalog: IntentCatalog;
  readonly engine: NluEngine;
  readonly threshold: number;
  /** Where trained models are reused from; without one, every build trains. */
  readonly cache?: ModelCache;
  readonly logger?: NluLogger;
  readonly onProgress?: TrainingProgress;
}

/** A ready matcher and how it was obtained. */
export interface BuiltIntentMatcher {
  readonly matcher: IntentMatcher;
  readonly model: TrainedModel;
  /** The model version: the first 16 hex digits of its cache key. */
  readonly version: string;
  /** The full {@link modelCacheKey}. */
  readonly cacheKey: string;
  readonly fromCache: boolean;
  /** Milliseconds spent training (0 on a cache hit). */
  readonly trainMs: number;
  /** Milliseconds spent reading and loading the cached model (0 when trained). */
  readonly loadMs: number;
}

const VERSION_CHARS = 16;

/**
 * Turns a catalog into an {@link IntentMatcher}: loads the model from the cache when its key hits
 * (`nlu.model.cache_hit`), otherwise trains (`nlu.model.trained`, with `trainMs`) and stores it.
 * A cached model the engine cannot load is retrained (`nlu.model.cache_invalid`); a cache that cannot
 * be written only costs the next start a retrain (`nlu.model.cache_write_failed`). Training errors
 * (`ParleyError` from the engine) reject.
 */
export async function buildIntentMatcher(input: BuildIntentMatcherInput): Promise<BuiltIntentMatcher> {
  const { catalog, engine, threshold, cache } = input;
  const logger = input.logger ?? silentNluLogger;
  const corpus = catalogToCorpus(catalog);
  const cacheKey = modelCacheKey(engine, corpus);
  const version = cacheKey.slice(0, VERSION_CHARS);
  const fields = {
    engine: engine.name,
    version,
    intents: catalog.intents.size,
    examples: corpus.examples.length,
  };
  const done = (
    model: TrainedModel,
    fromCache: boolean,
    trainMs: number,
    loadMs: number,
  ): BuiltIntentMatcher => ({
    matcher: createIntentMatcher({ model, threshold, version, logger }),
    model,
    version,
    cacheKey,
    fromCache,
    trainMs,
    loadMs,
  });

  const loadStart = performance.now();
  const cached = cache === undefined ? null : await cache.get(cacheKey);
  if (cached !== null) {
    try {
      const model = await engine.load(cached);
      const loadMs = Math.round(performance.now() - loadStart);
      logger.info({ ...fields, loadMs }, 'nlu.model.cache_hit');
      return done(model, true, 0, loadMs);
    } catch (cause) {
      logger.warn({ ...fields, err: cause }, 'nlu.model.cache_invalid');
    }
  }

  const trainStart = performance.now();
  const model = await engine.train(corpus, input.onProgress);
  const trainMs = Math.round(performance.now() - trainStart);
  logger.info({ ...fields, trainMs }, 'nlu.model.trained');
  if (cache !== undefined) {
    try {
      await cache.put(cacheKey, model.serialize());
    } catch (cause) {
      logger.warn({ ...fields, err: cause }, 'nlu.model.cache_write_failed');
    }
  }
  return done(model, false, trainMs, 0);
}
