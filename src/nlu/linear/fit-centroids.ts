import type { TrainingSample } from './softmax-regression';

/**
 * The centroid of each intent's training vectors, L2-normalised, as a feature-major matrix
 * (`matrix[f * intents + c]`): the dot product of a vector with column `c` is its cosine similarity to
 * intent `c`'s centroid, up to the vector's own norm. Samples of the background class (`y ≥ intents`)
 * are ignored.
 */
export function fitCentroids(
  samples: readonly TrainingSample[],
  dims: number,
  intents: number,
): Float32Array {
  const sums = new Float64Array(dims * intents);
  for (const { x, y } of samples) {
    if (y >= intents) continue;
    for (let i = 0; i < x.indices.length; i += 1) sums[x.indices[i]! * intents + y]! += x.values[i]!;
  }
  const norms = new Float64Array(intents);
  for (let k = 0; k < sums.length; k += 1) norms[k % intents]! += sums[k]! * sums[k]!;
  const matrix = new Float32Array(dims * intents);
  for (let k = 0; k < sums.length; k += 1) {
    const norm = Math.sqrt(norms[k % intents]!);
    if (norm > 0) matrix[k] = sums[k]! / norm;
  }
  return matrix;
}
