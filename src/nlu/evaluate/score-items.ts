import type { TrainedModel } from '../nlu-engine';
import type { ExpectedText } from './nlu-dataset';
import type { ScoredItem } from './scored-item';

/** The scored items with how long each `classify` call took. */
export interface ScoredRun {
  readonly items: ScoredItem[];
  readonly durationsMs: number[];
}

/** Classifies every text with `model`, keeping the best intent and its raw score; `onProgress(done, total)`. */
export async function scoreItems(
  texts: readonly ExpectedText[],
  model: TrainedModel,
  onProgress?: (done: number, total: number) => void,
): Promise<ScoredRun> {
  const items: ScoredItem[] = [];
  const durationsMs: number[] = [];
  for (const { text, expected } of texts) {
    const started = performance.now();
    const scores = await model.classify(text);
    durationsMs.push(performance.now() - started);
    const best = scores[0];
    items.push({ text, expected, intent: best?.intent ?? null, score: best?.score ?? 0 });
    if (items.length % 100 === 0 || items.length === texts.length) onProgress?.(items.length, texts.length);
  }
  return { items, durationsMs };
}
