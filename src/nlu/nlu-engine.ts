import type { IntentScore } from '../core';

/** One labelled training utterance. */
export interface TrainingExample {
  readonly text: string;
  readonly intent: string;
}

/** What an engine trains on. */
export interface TrainingCorpus {
  readonly locale: string;
  readonly examples: readonly TrainingExample[];
  /** Known out-of-scope texts ("no intent" examples), when the bot or dataset has them. */
  readonly negatives?: readonly string[];
}

/** Progress of a long training run, for progress bars. */
export type TrainingProgress = (done: number, total: number) => void;

/** A trained classifier. */
export interface TrainedModel {
  /**
   * Every intent with its raw score in [0, 1], best first. Raw: never rewritten to "None" below a
   * threshold; the matcher applies the threshold.
   */
  classify(text: string): Promise<readonly IntentScore[]>;
  /** A string {@link NluEngine.load} turns back into an equivalent model. */
  serialize(): string;
}

/**
 * A way of training intent classifiers. Engines are interchangeable behind {@link IntentMatcher};
 * the model cache keys on `name` + `settingsKey` + the corpus.
 */
export interface NluEngine {
  readonly name: string;
  /** Anything that changes the trained model besides the corpus (hyper-parameters). */
  readonly settingsKey: string;
  train(corpus: TrainingCorpus, onProgress?: TrainingProgress): Promise<TrainedModel>;
  load(serialized: string): Promise<TrainedModel>;
}
