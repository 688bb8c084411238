/**
 * Re-ranks intents by a blend of the linear model's scores and the cosine similarity of the message to
 * each intent's centroid: `(1 − weight) · score / best score + weight · similarity / best similarity`.
 * The best intent of the blend gets the linear model's best score and the others scale down by their
 * blend, so a threshold matches or rejects exactly the same messages as without the centroids; only
 * which intent is answered can change. Without a positive similarity, the scores are returned as they are.
 */
export function blendWithCentroids(
  scores: Float64Array,
  similarities: Float32Array,
  weight: number,
): Float64Array {
  let top = 0;
  let topSimilarity = 0;
  for (let c = 0; c < scores.length; c += 1) {
    top = Math.max(top, scores[c]!);
    topSimilarity = Math.max(topSimilarity, similarities[c]!);
  }
  if (top <= 0 || topSimilarity <= 0 || weight <= 0) return scores;
  const blend = new Float64Array(scores.length);
  let best = 0;
  for (let c = 0; c < scores.length; c += 1) {
    const similarity = Math.max(0, similarities[c]!) / topSimilarity;
    blend[c] = (1 - weight) * (scores[c]! / top) + weight * similarity;
    best = Math.max(best, blend[c]!);
  }
  for (let c = 0; c < scores.length; c += 1) blend[c] = (top * blend[c]!) / best;
  return blend;
}
