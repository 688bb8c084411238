/**
 * One evaluated message: the intent it should match (`null`: out of scope) and the engine's best
 * intent with its raw score, before any threshold. `intent` is `null` only when the model scored nothing.
 */
export interface ScoredItem {
  readonly text: string;
  readonly expected: string | null;
  readonly intent: string | null;
  readonly score: number;
}

/** The answer to a {@link ScoredItem} at `threshold`: its best intent when the score reaches it, else `null`. */
export function predictedIntent(item: ScoredItem, threshold: number): string | null {
  return item.intent !== null && item.score >= threshold ? item.intent : null;
}
