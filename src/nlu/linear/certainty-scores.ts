/**
 * Turns class probabilities (the last one the background "no intent" class) into intent scores in
 * [0, 1] that one threshold can cut for any number of intents. A raw softmax probability cannot:
 * with 150 intents an out-of-scope message spreads to 0.05 per intent, with 3 intents never below 0.33.
 * The best intent's score is the certainty of the whole distribution, `1 − H(p) / ln K` (normalised
 * entropy, 1 for a one-hot, 0 for uniform), times its share relative to the most probable class
 * (which is 1 unless the background class wins); the other intents scale down by `p_c / p_max`.
 * The order of intents is the order of their probabilities.
 */
export function certaintyScores(probs: Float32Array): Float64Array {
  const classes = probs.length;
  const intents = classes - 1;
  const scores = new Float64Array(Math.max(0, intents));
  if (intents <= 0) return scores;
  let entropy = 0;
  let max = 0;
  for (let c = 0; c < classes; c += 1) {
    const p = probs[c]!;
    if (p > 0) entropy -= p * Math.log(p);
    if (p > max) max = p;
  }
  const certainty = Math.min(1, Math.max(0, 1 - entropy / Math.log(classes)));
  for (let c = 0; c < intents; c += 1) scores[c] = max === 0 ? 0 : (certainty * probs[c]!) / max;
  return scores;
}
