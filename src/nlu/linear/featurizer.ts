import { hashFeatures } from './feature-hasher';
import type { FeatureCounts, FeatureOptions } from './feature-hasher';
import type { LinearSettings } from './linear-settings';
import type { SparseVector } from './sparse-vector';
import { createTextAnalyzer } from './text-analyzer';
import { createTfIdfVectorizer } from './tf-idf';

/** Turns texts into hashed term counts and, given the IDF, into TF-IDF vectors. */
export interface Featurizer {
  readonly buckets: number;
  count(text: string): FeatureCounts;
  vectorize(counts: FeatureCounts, idf: Float32Array): SparseVector;
}

/** The featurizer described by `settings` for `locale` (NLP.js normalisation and stemming for English). */
export function createFeaturizer(settings: LinearSettings, locale: string): Featurizer {
  const analyze = createTextAnalyzer(locale);
  const options: FeatureOptions = {
    hashBits: settings.hashBits,
    wordBigrams: settings.wordBigrams,
    charMinN: settings.charMinN,
    charMaxN: settings.charMaxN,
  };
  const weights = { wordWeight: settings.wordWeight, charWeight: settings.charWeight };
  const tfIdf = createTfIdfVectorizer(1 << settings.hashBits);
  return {
    buckets: 1 << settings.hashBits,
    count: (text) => hashFeatures(analyze(text), options),
    vectorize: (counts, idf) => tfIdf(counts, idf, weights),
  };
}
