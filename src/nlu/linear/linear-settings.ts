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
   * Measured again at the default threshold against {@link priorCorrection} (5-fold CV × 5 seeds of the
   * Braun train splits; bots of 8 CLINC150 intents scored on `val` + `oos_val`), in-scope accuracy /
   * out-of-scope recall, `perClass` → `shared` → `none`: bots × 15 94.5 / 71.3 → 94.5 / 81.3 → 92.5 /
   * 86.3 %, × 30 98.1 / 60.3 → 97.5 / 72.3 → 97.1 / 78.9 %, AskUbuntu 97.6 → 91.6 → 91.6 %, WebApps
   * 87.9 → 82.1 → 79.3 %: they trade in-scope accuracy for out-of-scope recall on balanced bots too.
   */
  bias: z.enum(['perClass', 'shared', 'none']).default('perClass'),
  /**
   * Strength of the logit adjustment toward a uniform intent prior (see `correctIntentPriors`): with
   * `perClass` biases, each intent's bias is lowered by `priorCorrection · (ln n_c − mean ln n)` after
   * training, `n_c` being its number of examples, because in a bot those counts measure the trainer's
   * effort per intent, not how often users ask for it; 0 turns it off (the models of before). Only for
   * corpora with at most {@link priorCorrectionMaxExamples} examples per intent on average, and a no-op
   * when every intent has as many examples (so the balanced simulated bots, CLINC150 and SNIPS keep their
   * exact scores). 1 is the theory's value for balanced error, not tuned. The learnt biases do track
   * `ln n` (0.2–1.5 at 5 examples, 2.0–2.7 at 40 on the skewed bots below), so frequent intents answered
   * out-of-scope messages with confidence. Measured at the default threshold, 0 → 1 (bots of 8 CLINC150
   * intents, seeded, scored on `val` + `oos_val`; `npx tsx scripts/bench-nlu.ts --calibrate`), in-scope
   * accuracy (balanced, i.e. mean per-intent recall; weighted by the training shares) / out-of-scope
   * recall:
   * - bots with 5–40 train utterances per intent (10 bots): 92.8 (92.8; 95.0) / 54.3 → 94.6 (94.6;
   *   95.4) / 64.8 %;
   * - bots with 5, 5, 5, 10, 10, 20, 40, 40 (10 bots): 84.6 (84.6; 93.3) / 20.1 → 86.9 (86.9; 93.6) /
   *   73.6 %, top-1 87.8 → 90.6 %;
   * - balanced bots × 15 and × 30: unchanged, 94.5 / 71.3 and 98.1 / 60.3 %.
   *
   * Its cost, in 5-fold CV × 5 seeds of the Braun train splits (whose folds keep the training prior):
   * top-1 unchanged (ChatBot +0.2 point), but a few more in-scope messages fall under the threshold (4
   * more of 250 scorings on AskUbuntu, 3 of them of a 10-example intent; 4 more of 140 on WebApps, 3 of
   * them of a 3-example intent): in-scope / balanced accuracy ChatBot 96.6 / 96.6 → 96.8 / 96.9 %,
   * AskUbuntu 97.6 / 98.2 → 96.0 / 96.4 %, WebApps 87.9 / 69.5 → 85.0 / 66.2 %; their `None` recall
   * rises (AskUbuntu 40 → 53 %, WebApps 20 → 100 %); the demo bot's CV 99.8 → 99.6 % (one message
   * unmatched). Strength 0.5: AskUbuntu 96.8 %, WebApps 85.7 %, imbalanced bots 93.9 / 60.6 % and 85.3 /
   * 55.6 %. Removing the learnt bias deviations themselves instead of the count-based prior also cost
   * balanced bots in-scope accuracy (× 15: 94.5 → 92.1 %, × 30: 98.1 → 97.0 %).
   */
  priorCorrection: z.number().min(0).max(2).default(1),
  /**
   * Largest average number of examples per intent for which {@link priorCorrection} applies: CLINC150
   * (100 per intent) and SNIPS (~1,900) stay exactly as they are; CLINC150 small (50, all equal) is
   * unchanged by construction.
   */
  priorCorrectionMaxExamples: z.number().min(0).default(50),
  seed: z.number().int().default(42),
  /**
   * Examples per intent at which the nearest-centroid ranking weighs as much as the linear model's (see
   * `blendWithCentroids` and {@link centroidWeight}); 0 turns the centroids off. With few examples per
   * intent the linear model overfits and the class centroids rank better; they never change which
   * messages match, only which intent is answered. Chosen by cross-validation (5 × 5-fold CV of the Braun
   * train splits; simulated bots of 8 CLINC150 intents × 15 or 30 utterances scored on `val`), in-scope
   * accuracy at the default threshold for 0 / 8 / 15 / 25 / 35 / 50: WebApps 85.7 / 87.9 / 87.9 / 87.9 /
   * 87.9 / 87.9 %, AskUbuntu 94.0 / 94.0 / 96.0 / 97.6 / 97.2 / 95.6 %, ChatBot 96.6 % throughout, bots ×
   * 15 94.3 / 94.4 / 94.5 / 94.5 / 94.6 / 94.3 %, bots × 30 98.1 / 98.3 / 98.3 / 98.1 / 98.0 / 97.8 %.
   * Weights under 0.25 (above ~43 examples per intent) are left out: 0.2 (CLINC150 small, 50 per intent)
   * and 0.06 (CLINC150, 100) changed no validation accuracy measurably (top-1 91.2 and 93.7 % either way)
   * but doubled the model's size and raised classify p50 from 0.11 to 0.17 ms.
   */
  centroidExamples: z.number().min(0).default(25),
  /**
   * Feature dropout for large corpora: the share of each training vector's features hidden at random at
   * every SGD update. It applies only to corpora large enough to be trained in `minEpochs` passes
   * (examples × `minEpochs` ≥ `targetUpdates`: 9,000 examples with the defaults); 0 turns it off.
   * Measured (validation data only): CLINC150 `val` top-1 92.9 → 93.7 % and SNIPS `val` 98.4 → 98.6 %.
   * Smaller corpora train for many more passes, where dropout mostly makes the model more confident: on
   * simulated small bots (8 CLINC150 intents × 15 utterances) it cost 8 points of out-of-scope recall at
   * the default threshold.
   */
  featureDropout: z.number().min(0).max(0.9).default(0.7),
  /**
   * Factor on the logits of models trained with dropout, undoing the confidence dropout adds so that the
   * default threshold keeps its meaning: chosen on CLINC150 `val` + `oos_val` as the scale at which the
   * threshold rule of `LINEAR_DEFAULT_THRESHOLD` again gives 0.2 (out-of-scope recall there 75 %, 74 %
   * without dropout).
   */
  dropoutLogitScale: z.number().positive().max(10).default(0.92),
  /**
   * Opt-in: also train the NLP.js network and average the two models' scores when examples × intents is
   * at most this (0, the default: never; NLP.js takes 84 s on CLINC150). Measured: on the small Braun
   * corpora (5-fold CV of train) it raises in-scope accuracy by 1–3 points, but on simulated small bots
   * (8 CLINC150 intents × 15 utterances, scored on val + oos_val) out-of-scope recall at the default
   * threshold falls from 71 % to 0.5 %: NLP.js is confident on everything. Use it only for bots that
   * never need "unmatched".
   */
  nlpjsEnsembleMaxCost: z.number().int().min(0).default(0),
  /**
   * Score calibration by bot size (see `scoreExponentFor`), or `null` for none (the scores of before).
   * The shipped threshold was chosen on CLINC150 (150 intents × 100 examples) as the highest one costing
   * at most one point of in-scope accuracy. The same rule gives far lower thresholds for smaller bots:
   * on simulated bots of K CLINC150 intents × n utterances, uncalibrated, scored on validation data
   * (`val` + `oos_val`; 10 bots per shape, 4 for 64 intents, 1 for 150; `npx tsx scripts/bench-nlu.ts
   * --size-table`), K = 8: n = 3 → 0.04, 5 → 0.05, 10 → 0.09, 15 → 0.11, 30 → 0.19, 50 → 0.28; K = 32:
   * 3 → 0.02, 10 → 0.07, 30 → 0.14; K = 150: 5 → 0.04, 50 → 0.13 (CLINC150 small). At 0.2 such bots
   * lose many in-scope messages: K = 8 × 5 in-scope accuracy 85.0 % top-1 → 71.7 % at 0.2, × 10 92.9 →
   * 88.4 %. These coefficients are the least-squares fit of `ln t` over the 60 shapes with 4–150 intents
   * and t ≤ 0.3 (rms error 0.16 in `ln t`). Bots of 2 or 3 intents lie above the fit (the rule gives
   * 0.24–0.52 and 0.11–0.49), so `minIntents` is 4. The price is out-of-scope recall: the calibrated
   * threshold catches as many out-of-scope messages as the rule allows for the bot's size. At 0.2,
   * uncalibrated → calibrated (`--size-table`), in-scope accuracy / out-of-scope recall: K = 8 × 5
   * 71.7 / 86.6 → 83.3 / 24.3 %, × 10 88.4 / 78.9 → 91.9 / 38.3 %, × 20 94.8 / 64.9 → 95.6 / 50.7 %;
   * K = 4 × 5 80.4 / 70.5 → 88.8 / 1.7 %, × 10 92.8 / 57.8 → 94.5 / 12.4 % (tiny bots of few intents
   * cannot tell unseen in-scope phrasings from out-of-scope ones); CLINC150 small's test split 89.8 /
   * 75.9 → 91.0 / 57.3 %. Bots that prefer fewer wrong answers to fewer fallbacks raise `NLU_THRESHOLD`
   * (`parley eval` proposes one) or add out-of-scope examples.
   */
  sizeCalibration: z
    .strictObject({
      intercept: z.number(),
      examplesPower: z.number(),
      intentsPower: z.number(),
      minIntents: z.number().int().min(1),
    })
    .nullable()
    .default({ intercept: -3.24, examplesPower: 0.66, intentsPower: -0.29, minIntents: 4 }),
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

/**
 * Whether feature dropout applies to a corpus of `corpusSize` samples: only when it is large enough to
 * be trained in `minEpochs` passes (see `featureDropout`).
 */
export function usesDropout(settings: LinearSettings, corpusSize: number): boolean {
  return settings.featureDropout > 0 && epochsFor(settings, corpusSize) <= settings.minEpochs;
}

/** Below this weight the centroids are left out of the model. */
const MIN_CENTROID_WEIGHT = 0.25;

/**
 * The weight of the nearest-centroid ranking for a corpus with `examplesPerIntent` examples per intent
 * on average: `1 / (1 + (examplesPerIntent / centroidExamples)²)`, so 0.5 at `centroidExamples` and
 * fading as examples grow; 0 when centroids are off or the weight would be under 0.25.
 */
export function centroidWeight(settings: LinearSettings, examplesPerIntent: number): number {
  if (settings.centroidExamples <= 0) return 0;
  const weight = 1 / (1 + (examplesPerIntent / settings.centroidExamples) ** 2);
  return weight < MIN_CENTROID_WEIGHT ? 0 : weight;
}

/**
 * The strength of the prior correction for a corpus with `examplesPerIntent` examples per intent on
 * average: `priorCorrection` for `perClass` biases and small corpora (see `priorCorrectionMaxExamples`),
 * else 0.
 */
export function priorCorrectionFor(settings: LinearSettings, examplesPerIntent: number): number {
  if (settings.bias !== 'perClass') return 0;
  return examplesPerIntent <= settings.priorCorrectionMaxExamples ? settings.priorCorrection : 0;
}
