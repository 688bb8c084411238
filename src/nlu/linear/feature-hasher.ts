import type { AnalyzedText } from './text-analyzer';

/** Which n-grams become features; part of the engine's settings. */
export interface FeatureOptions {
  /** log2 of the number of hash buckets (features share one hashed space). */
  readonly hashBits: number;
  /** Add word bigrams (of stems) to the word unigrams. */
  readonly wordBigrams: boolean;
  /** Shortest and longest character n-gram, taken inside each space-padded token. 0 disables. */
  readonly charMinN: number;
  readonly charMaxN: number;
}

/** Term counts of one text, per feature block (hashed bucket → count). */
export interface FeatureCounts {
  readonly words: Map<number, number>;
  readonly chars: Map<number, number>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;
const SPACE = 32;

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

function hashString(seed: number, text: string, hash = (FNV_OFFSET ^ seed) >>> 0): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = mix(h, text.charCodeAt(i));
  return h;
}

/** Final avalanche so that buckets taken from the low bits are well spread. */
function finalize(hash: number, mask: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return (h >>> 0) & mask;
}

function increment(counts: Map<number, number>, bucket: number): void {
  counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
}

function addCharGrams(
  token: string,
  options: FeatureOptions,
  mask: number,
  counts: Map<number, number>,
): void {
  const codes = [SPACE];
  for (let i = 0; i < token.length; i += 1) codes.push(token.charCodeAt(i));
  codes.push(SPACE);
  for (let start = 0; start < codes.length; start += 1) {
    let h = (FNV_OFFSET ^ SEED_CHAR) >>> 0;
    for (let n = 1; n <= options.charMaxN && start + n <= codes.length; n += 1) {
      h = mix(h, codes[start + n - 1] ?? 0);
      if (n >= options.charMinN) increment(counts, finalize(h, mask));
    }
  }
}

/**
 * Hashes an analysed text into term counts: word unigrams and (optionally) bigrams of stems, and
 * character n-grams of the tokens padded with a space on each side (so prefixes and suffixes are
 * distinct features). Deterministic: the same text always gives the same buckets, on every platform.
 */
export function hashFeatures(text: AnalyzedText, options: FeatureOptions): FeatureCounts {
  const mask = (1 << options.hashBits) - 1;
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  const { stems, tokens } = text;
  for (let i = 0; i < stems.length; i += 1) {
    const stem = stems[i] ?? '';
    increment(words, finalize(hashString(SEED_WORD, stem), mask));
    if (options.wordBigrams && i + 1 < stems.length) {
      const left = hashString(SEED_BIGRAM, stem);
      increment(words, finalize(hashString(SEED_BIGRAM, stems[i + 1] ?? '', mix(left, SPACE)), mask));
    }
  }
  if (options.charMinN > 0) {
    for (const token of tokens) addCharGrams(token, options, mask, chars);
  }
  return { words, chars };
}
