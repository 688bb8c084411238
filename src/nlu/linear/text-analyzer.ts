/**
 * What the featurizer sees of a text: normalised tokens and their stems.
 */
export interface AnalyzedText {
  /** Lower-case, accent-free tokens with punctuation removed. */
  readonly tokens: readonly string[];
  /** One stem per token (the token itself when the locale has no stemmer). */
  readonly stems: readonly string[];
}

/** Turns raw text into {@link AnalyzedText}. Never throws; empty or punctuation-only text gives no tokens. */
export type TextAnalyzer = (text: string) => AnalyzedText;

interface NlpjsTokenizer {
  tokenize(text: string, normalize?: boolean): string[];
}
interface NlpjsStemmer {
  stemWord(word: string): string;
}
interface NlpjsNormalizer {
  normalize(text: string): string;
}
interface LangEnMin {
  TokenizerEn: new () => NlpjsTokenizer;
  StemmerEn: new () => NlpjsStemmer;
  NormalizerEn: new () => NlpjsNormalizer;
}

// @nlpjs/lang-en-min ships no type declarations; the three classes used here are typed locally above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const langEnMin = require('@nlpjs/lang-en-min') as LangEnMin;

/** NLP.js's stemmer caches every word it ever saw; a long-running bot must not grow without bound. */
const STEM_CACHE_LIMIT = 50_000;

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const DIACRITICS = /[\u0300-\u036f]/g;

function genericNormalize(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').toLowerCase();
}

function cleanTokens(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of raw) {
    for (const piece of token.split(NON_WORD)) {
      if (piece.length > 0) out.push(piece);
    }
  }
  return out;
}

function createEnglishAnalyzer(): TextAnalyzer {
  const normalizer = new langEnMin.NormalizerEn();
  const tokenizer = new langEnMin.TokenizerEn();
  let stemmer = new langEnMin.StemmerEn();
  let stemmed = 0;
  return (text) => {
    // The tokenizer expands contractions ("don't" → "do not") before punctuation is stripped.
    const tokens = cleanTokens(tokenizer.tokenize(normalizer.normalize(text)));
    stemmed += tokens.length;
    if (stemmed > STEM_CACHE_LIMIT) {
      stemmer = new langEnMin.StemmerEn();
      stemmed = tokens.length;
    }
    return { tokens, stems: tokens.map((token) => stemmer.stemWord(token)) };
  };
}

function createGenericAnalyzer(): TextAnalyzer {
  return (text) => {
    const tokens = cleanTokens([genericNormalize(text)]);
    return { tokens, stems: tokens };
  };
}

/**
 * A text analyzer for `locale` built on NLP.js's English normalizer, tokenizer and Snowball stemmer
 * (`@nlpjs/lang-en-min`) for English; other locales get accent stripping, lower-casing and splitting on
 * anything that is not a letter or digit, without stemming (character n-grams cover morphology there).
 * Each call creates its own NLP.js instances: nothing is shared between models.
 */
export function createTextAnalyzer(locale: string): TextAnalyzer {
  return locale.toLowerCase().startsWith('en') ? createEnglishAnalyzer() : createGenericAnalyzer();
}
