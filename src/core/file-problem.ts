/**
 * Something wrong (or suspicious) in a file a trainer edits — an intent or flow file — precise enough
 * to fix: which file, where in it (a JSON path like `data[3].utterances[0]`, and line/column for
 * malformed JSON), why, with a stable code. `error` problems stop loading; `warning`s do not.
 */
export interface FileProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** The file, relative to its directory; `""` for the directory itself. */
  readonly file: string;
  /** A JSON path; `""` for the whole file. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column, for malformed JSON. */
  readonly line?: number;
  readonly column?: number;
}

/** One line for a terminal or a log: `faq.json:4:7 data[3].utterances[0]: reason [intents.invalid_schema]`. */
export function formatFileProblem(problem: FileProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const location = [where || '(directory)', problem.path].filter((s) => s !== '').join(' ');
  return `${location}: ${problem.message} [${problem.code}]`;
}
