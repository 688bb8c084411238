import type { NluResult } from '../core';

/**
 * Matches a message to an intent. `match` never throws for any text; an empty or unknown text is
 * simply unmatched.
 */
export interface IntentMatcher {
  /** The model version (hash of the intent files and settings). */
  readonly version: string;
  /** Scores at or above this are matches. */
  readonly threshold: number;
  match(text: string): Promise<NluResult>;
}
