import { formatFileProblem, ParleyError } from '../core';
import type { FileProblem } from '../core';

/** The stable codes of {@link IntentFileProblem}s (a subset of Parley's `ErrorCode`s). */
export type IntentFileProblemCode =
  | 'intents.invalid_json'
  | 'intents.invalid_schema'
  | 'intents.duplicate_intent'
  | 'intents.duplicate_utterance'
  | 'intents.mixed_locales'
  | 'intents.empty'
  | 'intents.read_failed';

/**
 * Something wrong (or suspicious) in the intent files, precise enough for a person to fix it:
 * which file, where in it, why. `error` problems stop the catalog from loading; `warning` problems
 * are reported on the catalog but do not (e.g. the same utterance twice in one intent, which is
 * deduplicated).
 */
export interface IntentFileProblem extends FileProblem {
  readonly code: IntentFileProblemCode;
  /** The absolute path of the file (or directory), when it was read from disk. */
  readonly absolutePath?: string;
}

/** One line for a terminal or a log (see {@link formatFileProblem}). */
export const formatIntentProblem: (problem: IntentFileProblem) => string = formatFileProblem;

/**
 * Wraps problems in one {@link ParleyError} (for callers that throw, such as the CLI): its code is the
 * first error's, its message lists every problem, `details` holds them all.
 */
export function intentProblemsError(problems: readonly IntentFileProblem[]): ParleyError {
  const first = problems.find((p) => p.severity === 'error') ?? problems[0];
  const code = first?.code ?? 'intents.empty';
  const lines = problems.map(formatIntentProblem);
  return new ParleyError(code, `Invalid intent files:\n  ${lines.join('\n  ')}`, { details: problems });
}
