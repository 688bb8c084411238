import { formatFileProblem, ParleyError } from '../core';

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
export interface IntentFileProblem {
  readonly code: IntentFileProblemCode;
  readonly severity: 'error' | 'warning';
  /** The file, relative to the intents directory (or as given to `parseIntentFiles`); `""` for the directory. */
  readonly file: string;
  /** The absolute path of the file (or directory), when it was read from disk. */
  readonly absolutePath?: string;
  /** Where in the file, as a JSON path like `data[3].utterances[0]`; `""` for the whole file. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column, for malformed JSON. */
  readonly line?: number;
  readonly column?: number;
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
