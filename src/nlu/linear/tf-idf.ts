import type { FeatureCounts } from './feature-hasher';
import type { SparseVector } from './sparse-vector';

/** How the two feature blocks are weighted against each other (each block is L2-normalised to its weight). */
export interface BlockWeights {
  readonly wordWeight: number;
  readonly charWeight: number;
}

/**
 * Smoothed inverse document frequency per hash bucket, `ln((1 + n) / (1 + df)) + 1` as in scikit-learn:
 * a bucket never seen in training gets the largest weight, one seen everywhere gets 1.
 */
export function fitIdf(documents: readonly FeatureCounts[], buckets: number): Float32Array {
  const df = new Uint32Array(buckets);
  for (const doc of documents) {
    // A bucket shared by both blocks of one document counts once.
    const seen = new Set<number>([...doc.words.keys(), ...doc.chars.keys()]);
    for (const bucket of seen) df[bucket] = (df[bucket] ?? 0) + 1;
  }
  const idf = new Float32Array(buckets);
  const n = documents.length;
  for (let b = 0; b < buckets; b += 1) idf[b] = Math.log((1 + n) / (1 + (df[b] ?? 0))) + 1;
  return idf;
}

/** Turns one text's term counts into its TF-IDF vector, given the IDF. */
export type TfIdfVectorizer = (
  counts: FeatureCounts,
  idf: Float32Array,
  weights: BlockWeights,
) => SparseVector;

/**
 * A TF-IDF vectorizer over `buckets` hash buckets: each block's terms weighted by sublinear term
 * frequency (a word repeated three times is not three times the evidence) times IDF, the block
 * L2-normalised to its block weight, and the blocks summed (buckets shared by both blocks add up).
 * Allocation-light: one dense scratch array per vectorizer, reset after each call, so a vectorizer must
 * not be shared between concurrent callers (JavaScript runs one call at a time).
 */
export function createTfIdfVectorizer(buckets: number): TfIdfVectorizer {
  const dense = new Float64Array(buckets);
  const touched = new Int32Array(buckets);
  return (counts, idf, weights) => {
    let n = 0;
    const addBlock = (block: ReadonlyMap<number, number>, norm: number): void => {
      if (block.size === 0 || norm <= 0) return;
      let sumSquares = 0;
      for (const [bucket, tf] of block) {
        const w = (1 + Math.log(tf)) * (idf[bucket] ?? 0);
        sumSquares += w * w;
      }
      if (sumSquares === 0) return;
      const scale = norm / Math.sqrt(sumSquares);
      for (const [bucket, tf] of block) {
        if (dense[bucket] === 0) touched[n++] = bucket;
        dense[bucket]! += (1 + Math.log(tf)) * (idf[bucket] ?? 0) * scale;
      }
    };
    addBlock(counts.words, weights.wordWeight);
    addBlock(counts.chars, weights.charWeight);
    const indices = touched.slice(0, n);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i += 1) {
      const bucket = indices[i]!;
      values[i] = dense[bucket]!;
      dense[bucket] = 0;
    }
    return { indices, values };
  };
}
