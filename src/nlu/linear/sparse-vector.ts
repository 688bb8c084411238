/** A sparse feature vector: parallel arrays of distinct indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}
