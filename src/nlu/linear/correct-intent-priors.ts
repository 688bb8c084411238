/**
 * Post-hoc logit adjustment toward a uniform prior over intents (Menon et al., "Long-tail learning via
 * logit adjustment", ICLR 2021): returns a copy of `bias` in which intent `c`'s bias is lowered by
 * `strength · (ln n_c − mean ln n)`, `n_c` being its number of training examples. Per-intent biases
 * learnt by softmax regression absorb the training prior `ln π_c`; in a bot that prior measures the
 * trainer's effort per intent, not how often users ask for it. `strength` 1 is the value the theory
 * gives for balanced error; 0 returns the biases unchanged. The deviations sum to zero over the intents,
 * so their mean level against the background class (the last entry, left as it is) does not move, and
 * equal counts change nothing. `counts` has one entry per intent (every entry ≥ 1), in column order.
 */
export function correctIntentPriors(
  bias: Float32Array,
  counts: readonly number[],
  strength: number,
): Float32Array {
  const corrected = Float32Array.from(bias);
  if (strength === 0 || counts.length === 0) return corrected;
  const logs = counts.map((n) => Math.log(Math.max(1, n)));
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  logs.forEach((value, c) => {
    corrected[c] = corrected[c]! - strength * (value - mean);
  });
  return corrected;
}
