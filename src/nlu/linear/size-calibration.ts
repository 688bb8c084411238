import type { LinearSettings } from './linear-settings';

/**
 * Coefficients of {@link sizeMatchedThreshold} (the `sizeCalibration` setting):
 * `ln t = intercept + examplesPower · ln n + intentsPower · ln K`, for bots of at least `minIntents`.
 */
export type SizeCalibration = NonNullable<LinearSettings['sizeCalibration']>;

/**
 * The score at which a model of `intents` intents trained on `examplesPerIntent` examples per intent
 * (on average) rejects as large a share of its in-scope messages as the shipped threshold does on
 * CLINC150: the threshold that the rule behind `LINEAR_DEFAULT_THRESHOLD` (the highest threshold
 * costing at most one point of in-scope accuracy) gives for a bot of that size, as a power law fitted
 * to simulated bots (`npx tsx scripts/bench-nlu.ts --size-table`).
 */
export function sizeMatchedThreshold(
  calibration: SizeCalibration,
  intents: number,
  examplesPerIntent: number,
): number {
  const n = Math.max(1, examplesPerIntent);
  const k = Math.max(1, intents);
  return Math.exp(
    calibration.intercept + calibration.examplesPower * Math.log(n) + calibration.intentsPower * Math.log(k),
  );
}

/** The lowest size-matched threshold used (`γ ≥ ln 0.2 / ln 0.02 ≈ 0.41` for the default threshold). */
const MIN_MATCHED_THRESHOLD = 0.02;

/**
 * The exponent applied to a model's scores so that one threshold costs bots of every size about the
 * same share of their in-scope messages. Bots with few examples per intent are less confident about
 * in-scope messages they have not seen: where the rule would put their threshold at `t < threshold`,
 * scores are raised to `γ = ln threshold / ln t` (< 1), which maps `t` onto `threshold` and keeps 0, 1
 * and the order of intents. Never above 1: where the rule would allow a stricter threshold (many
 * examples per intent, or bots of 2–3 intents), the shipped one is kept, since unmatched in-scope
 * messages cost the matched response rate. 1 when calibration is off (`sizeCalibration: null`), the
 * bot has fewer than `minIntents` intents, or the model is trained with dropout (its logit scale is
 * calibrated on CLINC150 instead).
 */
export function scoreExponentFor(
  settings: LinearSettings,
  threshold: number,
  shape: { readonly intents: number; readonly examplesPerIntent: number; readonly dropout: boolean },
): number {
  const calibration = settings.sizeCalibration;
  if (calibration === null || shape.dropout || shape.intents < calibration.minIntents) return 1;
  if (threshold <= 0 || threshold >= 1) return 1;
  const matched = sizeMatchedThreshold(calibration, shape.intents, shape.examplesPerIntent);
  if (!(matched < threshold)) return 1;
  return Math.log(threshold) / Math.log(Math.max(MIN_MATCHED_THRESHOLD, matched));
}
