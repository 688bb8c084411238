import type { NluEngine, TrainingCorpus } from '../nlu-engine';
import type { ScoredItem } from './scored-item';
import { scoreItems } from './score-items';
import { stratifiedFolds } from './stratified-folds';

/** Options of {@link crossValidate}. */
export interface CrossValidationOptions {
  /** Number of folds (default 5). */
  readonly folds?: number;
  /** Seed of the stratified split (default 1). */
  readonly seed?: number;
}

/** Dependencies of {@link crossValidate}. */
export interface CrossValidationDeps {
  readonly engine: NluEngine;
  /** Called after each fold with (folds done, folds). */
  readonly onFold?: (done: number, total: number) => void;
}

/** Labels negatives apart from every intent name (intent names cannot contain a space). */
const NEGATIVE_LABEL = ' negative';

/**
 * Stratified k-fold cross-validation of a corpus: each fold trains on the other folds and scores its
 * own items, so every example (and every negative, expected to match nothing) is scored once by a
 * model that never saw it. Items come back fold by fold.
 */
export async function crossValidate(
  corpus: TrainingCorpus,
  options: CrossValidationOptions,
  deps: CrossValidationDeps,
): Promise<ScoredItem[]> {
  const labelled = [
    ...corpus.examples.map((e) => ({ text: e.text, label: e.intent, negative: false })),
    ...(corpus.negatives ?? []).map((text) => ({ text, label: NEGATIVE_LABEL, negative: true })),
  ];
  const folds = stratifiedFolds(labelled, (item) => item.label, {
    folds: options.folds ?? 5,
    seed: options.seed ?? 1,
  });
  const scored: ScoredItem[] = [];
  for (const [index, fold] of folds.entries()) {
    const negatives = fold.train.filter((item) => item.negative).map((item) => item.text);
    const model = await deps.engine.train({
      locale: corpus.locale,
      examples: fold.train
        .filter((item) => !item.negative)
        .map((item) => ({ text: item.text, intent: item.label })),
      ...(negatives.length > 0 ? { negatives } : {}),
    });
    const run = await scoreItems(
      fold.test.map((item) => ({ text: item.text, expected: item.negative ? null : item.label })),
      model,
    );
    scored.push(...run.items);
    deps.onFold?.(index + 1, folds.length);
  }
  return scored;
}
