/** A sparse feature vector: parallel arrays of distinct indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Builds a {@link SparseVector} from index → value pairs, L2-normalised and scaled to length `norm` (0 if empty). */
export function toUnitSparseVector(entries: ReadonlyMap<number, number>, norm = 1): SparseVector {
  const indices = new Int32Array(entries.size);
  const values = new Float32Array(entries.size);
  let sumSquares = 0;
  let i = 0;
  for (const [index, value] of entries) {
    indices[i] = index;
    values[i] = value;
    sumSquares += value * value;
    i += 1;
  }
  if (sumSquares > 0) {
    const scale = norm / Math.sqrt(sumSquares);
    for (let j = 0; j < values.length; j += 1) values[j] = (values[j] ?? 0) * scale;
  }
  return { indices, values };
}

/** Concatenates sparse vectors whose index sets may overlap, summing values at equal indices. */
export function addSparseVectors(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<number, number>();
  for (const vector of vectors) {
    for (let i = 0; i < vector.indices.length; i += 1) {
      const index = vector.indices[i] ?? 0;
      sum.set(index, (sum.get(index) ?? 0) + (vector.values[i] ?? 0));
    }
  }
  const indices = Int32Array.from(sum.keys());
  const values = Float32Array.from(sum.values());
  return { indices, values };
}
