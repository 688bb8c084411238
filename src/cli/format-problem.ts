/** A problem found in a bot file, as every loader reports it. */
export interface FileProblem {
  readonly code: string;
  readonly file: string;
  readonly path?: string;
  readonly message: string;
}

/** One line for a terminal: `error <code> <file> at <json path>: <message>`. */
export function formatProblem(p: FileProblem, level: 'error' | 'warning' = 'error'): string {
  return `${level} ${p.code} ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}
