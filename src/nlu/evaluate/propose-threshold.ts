import type { ScoredItem } from './scored-item';

/** Options of {@link proposeThreshold}. */
export interface ThresholdOptions {
  /** Wanted share of correct answers among matched items, in (0, 1]. */
  readonly targetPrecision: number;
}

/** A threshold with what it achieves on the items it was proposed from. */
export interface ThresholdProposal {
  readonly threshold: number;
  /** Share of correct answers among the matched items (1 when nothing matches). */
  readonly precision: number;
  /** Share of in-scope items answered correctly (unmatched counts as wrong). */
  readonly inScopeAccuracy: number;
  /** Share of out-of-scope items left unmatched (`null` without out-of-scope items). */
  readonly oosRecall: number | null;
  /** False when no threshold that matches anything reaches the target; nothing matches at the proposal then. */
  readonly met: boolean;
}

interface Candidate {
  readonly threshold: number;
  readonly precision: number;
  readonly inScopeAccuracy: number;
  readonly oosRecall: number | null;
}

/**
 * Every useful threshold, highest first: each distinct score (an item matches when its score is at least
 * the threshold), plus one just above the best score (nothing matches).
 */
function candidates(items: readonly ScoredItem[]): Candidate[] {
  const ranked = items.filter((i) => i.intent !== null).sort((a, b) => b.score - a.score);
  const inScope = items.filter((i) => i.expected !== null).length;
  const outOfScope = items.length - inScope;
  const result: Candidate[] = [];
  let matched = 0;
  let correct = 0;
  let oosMatched = 0;
  const push = (threshold: number): void => {
    result.push({
      threshold,
      precision: matched === 0 ? 1 : correct / matched,
      inScopeAccuracy: inScope === 0 ? 0 : correct / inScope,
      oosRecall: outOfScope === 0 ? null : (outOfScope - oosMatched) / outOfScope,
    });
  };
  push(ranked.length === 0 ? 1 : Math.min(1, (ranked[0]?.score ?? 0) + 1e-6));
  for (let i = 0; i < ranked.length; i += 1) {
    const item = ranked[i]!;
    matched += 1;
    if (item.expected === null) oosMatched += 1;
    else if (item.expected === item.intent) correct += 1;
    // Items sharing a score match together: only the last of them makes a candidate.
    if (ranked[i + 1]?.score !== item.score) push(item.score);
  }
  return result;
}

/**
 * Proposes the threshold for a wanted precision of matches: the lowest threshold (most matches) at which
 * the matched items of `items` are correct at least `targetPrecision` of the time. Out-of-scope items
 * (expected `null`) that match count as wrong, so they push the threshold up. When no threshold that
 * matches anything reaches the target, proposes one above every score (nothing matches) with
 * `met: false`. Use items scored by a model that did not train on them: a validation split or
 * cross-validation folds, never the test split.
 */
export function proposeThreshold(items: readonly ScoredItem[], options: ThresholdOptions): ThresholdProposal {
  const [nothingMatches, ...matching] = candidates(items);
  let lowestMeeting: Candidate | undefined;
  for (const candidate of matching) {
    if (candidate.precision >= options.targetPrecision) lowestMeeting = candidate;
  }
  return lowestMeeting === undefined ? { ...nothingMatches!, met: false } : { ...lowestMeeting, met: true };
}
