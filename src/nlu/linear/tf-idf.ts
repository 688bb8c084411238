import type { FeatureCounts } from './feature-hasher';
import { addSparseVectors, toUnitSparseVector } from './sparse-vector';
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

function weighBlock(counts: ReadonlyMap<number, number>, idf: Float32Array, norm: number): SparseVector {
  const weighted = new Map<number, number>();
  // Sublinear term frequency: a word repeated three times is not three times the evidence.
  for (const [bucket, tf] of counts) weighted.set(bucket, (1 + Math.log(tf)) * (idf[bucket] ?? 0));
  return toUnitSparseVector(weighted, norm);
}

/** The TF-IDF vector of one text: each block weighted, L2-normalised to its block weight, then summed. */
export function tfIdfVector(counts: FeatureCounts, idf: Float32Array, weights: BlockWeights): SparseVector {
  const blocks: SparseVector[] = [];
  if (counts.words.size > 0 && weights.wordWeight > 0)
    blocks.push(weighBlock(counts.words, idf, weights.wordWeight));
  if (counts.chars.size > 0 && weights.charWeight > 0)
    blocks.push(weighBlock(counts.chars, idf, weights.charWeight));
  if (blocks.length === 1 && blocks[0] !== undefined) return blocks[0];
  return addSparseVectors(blocks);
}
