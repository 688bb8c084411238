import { ParleyError } from '../core';
import type { IntentScore, NluResult } from '../core';
import type { IntentMatcher } from './intent-matcher';
import type { TrainedModel } from './nlu-engine';
import type { NluLogger } from './nlu-logger';
import { silentNluLogger } from './nlu-logger';
import { hasWordCharacters } from './normalize-utterance';

/** Dependencies of {@link createIntentMatcher}. */
export interface IntentMatcherDeps {
  readonly model: TrainedModel;
  /** Scores at or above this (in [0, 1]) are matches. */
  readonly threshold: number;
  /** The model version reported in every result. */
  readonly version: string;
  readonly logger?: NluLogger;
}

/** How many candidates a result lists. */
const CANDIDATES = 3;

/**
 * An {@link IntentMatcher} over a trained model. `score` is the best raw score; `matched` is
 * `score >= threshold` (and the score is above 0, so a zero threshold does not match nonsense);
 * `intent` is null when unmatched; `candidates` are the top 3 with a score above 0, best first.
 * Text without a letter or digit (empty, whitespace, emoji only) is unmatched with score 0 without
 * asking the model. Never rejects: a model error is logged (`nlu.match_failed`) and unmatched.
 * @throws ParleyError `config.invalid` when the threshold is not in [0, 1].
 */
export function createIntentMatcher(deps: IntentMatcherDeps): IntentMatcher {
  const { model, threshold, version } = deps;
  const logger = deps.logger ?? silentNluLogger;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new ParleyError('config.invalid', `The NLU threshold must be between 0 and 1, got ${threshold}`);
  }
  const unmatched = (): NluResult => ({
    intent: null,
    score: 0,
    matched: false,
    candidates: [],
    modelVersion: version,
  });

  async function match(text: string): Promise<NluResult> {
    if (typeof text !== 'string' || !hasWordCharacters(text)) return unmatched();
    let scores: readonly IntentScore[];
    try {
      scores = await model.classify(text);
    } catch (cause) {
      logger.error({ err: cause, modelVersion: version, length: text.length }, 'nlu.match_failed');
      return unmatched();
    }
    const candidates = scores
      .filter((s) => Number.isFinite(s.score) && s.score > 0)
      .map((s) => ({ intent: s.intent, score: s.score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, CANDIDATES);
    const best = candidates[0];
    if (best === undefined) return unmatched();
    const matched = best.score >= threshold;
    return {
      intent: matched ? best.intent : null,
      score: best.score,
      matched,
      candidates,
      modelVersion: version,
    };
  }

  return { version, threshold, match };
}
