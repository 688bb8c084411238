import { z } from 'zod';

/**
 * Every hyper-parameter of the linear engine. Defaults were chosen by cross-validation on training
 * and validation splits only (see `scripts/bench-nlu.ts`), never on a test split.
 */
export const linearSettingsSchema = z.strictObject({
  /** log2 of the hashed feature space; 16 keeps a 150-intent model near 10 MB serialized. */
  hashBits: z.number().int().min(8).max(20).default(16),
  wordBigrams: z.boolean().default(true),
  /** Character n-grams inside space-padded tokens; `charMinN: 0` disables them. */
  charMinN: z.number().int().min(0).max(8).default(2),
  charMaxN: z.number().int().min(0).max(8).default(5),
  /** L2 norm given to the word block and to the character block of each vector. */
  wordWeight: z.number().min(0).default(1),
  charWeight: z.number().min(0).default(1),
  /** Fewest passes over the corpus. */
  minEpochs: z.number().int().min(1).max(1000).default(10),
  /** Small corpora get more passes, up to `maxEpochs`, until about this many SGD updates are made. */
  targetUpdates: z.number().int().min(0).default(90_000),
  maxEpochs: z.number().int().min(1).max(10_000).default(300),
  learningRate: z.number().positive().default(1),
  /**
   * Intent biases: `perClass` (a prior per intent), `shared` (one bias for all intents against the
   * background class) or `none`. Measured: `shared` and `none` gain 2–4 points of in-scope accuracy on
   * the small, imbalanced Braun corpora without a threshold (5-fold CV), but lose 0.3 point on CLINC150
   * val and, at the default threshold, in-scope accuracy on AskUbuntu CV; so `perClass` stays the default.
   */
  bias: z.enum(['perClass', 'shared', 'none']).default('perClass'),
  seed: z.number().int().default(42),
  /**
   * Opt-in: also train the NLP.js network and average the two models' scores when examples × intents is
   * at most this (0, the default: never; NLP.js takes 84 s on CLINC150). Measured: on the small Braun
   * corpora (5-fold CV of train) it raises in-scope accuracy by 1–3 points, but on simulated small bots
   * (8 CLINC150 intents × 15 utterances, scored on val + oos_val) out-of-scope recall at the default
   * threshold falls from 71 % to 0.5 %: NLP.js is confident on everything. Use it only for bots that
   * never need "unmatched".
   */
  nlpjsEnsembleMaxCost: z.number().int().min(0).default(0),
  /** Weight of the NLP.js scores in the ensemble. */
  nlpjsWeight: z.number().min(0).max(1).default(0.5),
});

/** Resolved hyper-parameters of the linear engine. */
export type LinearSettings = z.infer<typeof linearSettingsSchema>;

/** Options of `createLinearEngine`: any subset of {@link LinearSettings}. */
export type LinearEngineOptions = z.input<typeof linearSettingsSchema>;

/** How many passes over `corpusSize` samples the settings ask for. */
export function epochsFor(settings: LinearSettings, corpusSize: number): number {
  const wanted = Math.ceil(settings.targetUpdates / Math.max(1, corpusSize));
  return Math.min(settings.maxEpochs, Math.max(settings.minEpochs, wanted));
}
