import { predictedIntent } from './scored-item';
import type { ScoredItem } from './scored-item';

/** Precision, recall and F1 of one intent. */
export interface IntentMetrics {
  readonly intent: string;
  /** Items expecting this intent. */
  readonly support: number;
  /** Of the items answered with this intent, the share that expected it (1 when never answered). */
  readonly precision: number;
  /** Of the items expecting this intent, the share answered with it. */
  readonly recall: number;
  readonly f1: number;
}

/** How often items expecting `expected` were answered `predicted` (`null`: unmatched / out of scope). */
export interface Confusion {
  readonly expected: string | null;
  readonly predicted: string | null;
  readonly count: number;
  /** A few of the texts, for the report. */
  readonly examples: readonly string[];
}

/** The quality of a set of answers at one threshold. */
export interface EvaluationMetrics {
  readonly threshold: number;
  readonly inScopeCount: number;
  readonly outOfScopeCount: number;
  /** Share of in-scope items answered with their intent; unmatched counts as wrong. 0 without in-scope items. */
  readonly inScopeAccuracy: number;
  /** Share of out-of-scope items left unmatched; `null` when there are none. */
  readonly oosRecall: number | null;
  /** Of the matched items, the share answered correctly (out-of-scope items matched count as wrong). */
  readonly matchPrecision: number;
  /** Mean F1 over the in-scope intents (unmatched answers are misses, matches on out-of-scope items false positives). */
  readonly macroF1: number;
  /** Per in-scope intent, sorted by intent name. */
  readonly perIntent: readonly IntentMetrics[];
  /** The most frequent wrong answers, most frequent first. */
  readonly confusions: readonly Confusion[];
}

/** Options of {@link computeMetrics}. */
export interface MetricsOptions {
  readonly threshold: number;
  /** How many confusion pairs to keep (default 10). */
  readonly topConfusions?: number;
  /** How many example texts per confusion pair (default 3). */
  readonly examplesPerConfusion?: number;
}

function ratio(numerator: number, denominator: number, empty: number): number {
  return denominator === 0 ? empty : numerator / denominator;
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function perIntentMetrics(
  answers: readonly { expected: string | null; predicted: string | null }[],
): IntentMetrics[] {
  const support = new Map<string, number>();
  const answered = new Map<string, number>();
  const correct = new Map<string, number>();
  for (const { expected, predicted } of answers) {
    if (expected !== null) increment(support, expected);
    if (predicted !== null) increment(answered, predicted);
    if (expected !== null && predicted === expected) increment(correct, expected);
  }
  return [...support.keys()].sort().map((intent) => {
    const hits = correct.get(intent) ?? 0;
    const precision = ratio(hits, answered.get(intent) ?? 0, 1);
    const recall = ratio(hits, support.get(intent) ?? 0, 0);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { intent, support: support.get(intent) ?? 0, precision, recall, f1 };
  });
}

function topConfusions(
  answers: readonly { text: string; expected: string | null; predicted: string | null }[],
  top: number,
  examples: number,
): Confusion[] {
  const pairs = new Map<string, { expected: string | null; predicted: string | null; texts: string[] }>();
  for (const { text, expected, predicted } of answers) {
    if (expected === predicted) continue;
    const key = JSON.stringify([expected, predicted]);
    const pair = pairs.get(key) ?? { expected, predicted, texts: [] };
    pair.texts.push(text);
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .sort((a, b) => b.texts.length - a.texts.length || JSON.stringify(a).localeCompare(JSON.stringify(b)))
    .slice(0, top)
    .map((p) => ({
      expected: p.expected,
      predicted: p.predicted,
      count: p.texts.length,
      examples: p.texts.slice(0, examples),
    }));
}

/**
 * Scores answers at `options.threshold`. In-scope accuracy counts an unmatched in-scope item as wrong;
 * out-of-scope recall is the share of out-of-scope items left unmatched.
 */
export function computeMetrics(items: readonly ScoredItem[], options: MetricsOptions): EvaluationMetrics {
  const answers = items.map((item) => ({
    text: item.text,
    expected: item.expected,
    predicted: predictedIntent(item, options.threshold),
  }));
  const inScope = answers.filter((a) => a.expected !== null);
  const outOfScope = answers.filter((a) => a.expected === null);
  const matched = answers.filter((a) => a.predicted !== null);
  const perIntent = perIntentMetrics(answers);
  return {
    threshold: options.threshold,
    inScopeCount: inScope.length,
    outOfScopeCount: outOfScope.length,
    inScopeAccuracy: ratio(inScope.filter((a) => a.predicted === a.expected).length, inScope.length, 0),
    oosRecall:
      outOfScope.length === 0
        ? null
        : outOfScope.filter((a) => a.predicted === null).length / outOfScope.length,
    matchPrecision: ratio(matched.filter((a) => a.predicted === a.expected).length, matched.length, 1),
    macroF1: ratio(
      perIntent.reduce((sum, m) => sum + m.f1, 0),
      perIntent.length,
      0,
    ),
    perIntent,
    confusions: topConfusions(answers, options.topConfusions ?? 10, options.examplesPerConfusion ?? 3),
  };
}
