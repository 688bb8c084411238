import type { IntentScore } from '../../core';
import type { TrainedModel } from '../nlu-engine';

/**
 * The weighted mean of two models' scores per intent (`weight` on the second), best first. Intents the
 * second model does not know score 0 there. Scores stay in [0, 1] when both models' do.
 */
export async function ensembleScores(
  first: TrainedModel,
  second: TrainedModel,
  weight: number,
  text: string,
): Promise<IntentScore[]> {
  const [a, b] = await Promise.all([first.classify(text), second.classify(text)]);
  const other = new Map(b.map((s) => [s.intent, s.score]));
  return a
    .map(({ intent, score }) => ({ intent, score: (1 - weight) * score + weight * (other.get(intent) ?? 0) }))
    .sort((x, y) => y.score - x.score || (x.intent < y.intent ? -1 : x.intent > y.intent ? 1 : 0));
}
