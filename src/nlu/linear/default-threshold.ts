/**
 * The threshold shipped with the linear engine: a best score at or above it is a match.
 *
 * Chosen on validation data only, by a fixed rule: train the linear engine (default settings) on
 * CLINC150 full `train`, score `val` + `oos_val`, and take the highest threshold (in steps of 0.01) that
 * costs at most one point of in-scope accuracy — 93.7 % → 92.7 %, catching 75 % of the out-of-scope
 * validation messages. (CLINC150 is large enough to be trained with feature dropout; the logit scale of
 * such models, `dropoutLogitScale`, was chosen on the same validation data so that this rule still gives
 * 0.2, the threshold the configuration ships. Smaller corpora train without dropout, so their scores
 * are unchanged by it: simulated small bots of 8 CLINC150 intents × 15 utterances kept 71 % out-of-scope
 * recall at 94 % in-scope accuracy on validation data, before the calibration by bot size below.) A 5-fold cross-validation of the small Braun
 * corpora's train splits checked that it does not reject their in-scope messages wholesale. No test
 * split was looked at.
 * The same rule gives lower thresholds for bots with few examples per intent; instead of a threshold
 * per bot, their scores are stretched so that this one threshold lands where the rule would put theirs
 * (`sizeCalibration`, see `scoreExponentFor`).
 * Reproduce with `npx tsx scripts/bench-nlu.ts --calibrate`. A bot can get its own proposal from
 * `parley eval` (cross-validation of its intents).
 */
export const LINEAR_DEFAULT_THRESHOLD = 0.2;
