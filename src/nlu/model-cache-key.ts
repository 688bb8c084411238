import { canonicalJson, sha256Hex } from './canonical-json';
import type { NluEngine, TrainingCorpus } from './nlu-engine';

/**
 * The key a trained model is cached under: SHA-256 (hex) of the engine's name and `settingsKey`, the
 * corpus (locale, examples in order, negatives) and `extra` (anything else that changes the model).
 * Equal inputs give equal keys across processes and machines; answers or other fields that do not
 * reach the engine do not change it.
 */
export function modelCacheKey(
  engine: Pick<NluEngine, 'name' | 'settingsKey'>,
  corpus: TrainingCorpus,
  extra = '',
): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      engine: engine.name,
      settings: engine.settingsKey,
      extra,
      locale: corpus.locale,
      examples: corpus.examples.map((e) => [e.intent, e.text]),
      negatives: corpus.negatives ?? [],
    }),
  );
}
