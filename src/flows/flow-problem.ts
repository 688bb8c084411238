import { formatFileProblem, ParleyError } from '../core';
import type { FileProblem } from '../core';

/** Stable codes of flow problems (errors and warnings). */
export type FlowProblemCode =
  | 'flows.read_failed'
  | 'flows.invalid_json'
  | 'flows.invalid_schema'
  | 'flows.limit_exceeded'
  | 'flows.duplicate_flow'
  | 'flows.duplicate_step'
  | 'flows.unknown_step'
  | 'flows.unknown_flow'
  | 'flows.unknown_intent'
  | 'flows.unknown_goal'
  | 'flows.duplicate_trigger'
  | 'flows.loop_without_input'
  | 'flows.unreachable_step'
  | 'flows.uncaptured_attribute';

/**
 * One thing wrong (or suspicious, `severity: 'warning'`) in a flow file: the file, the JSON path
 * inside it (`steps[2].next`, empty for the whole file) and, for malformed JSON, the line and column.
 */
export interface FlowProblem extends FileProblem {
  readonly code: FlowProblemCode;
}

/** Formats a path (`['steps', 2, 'next']`) as a JSON path (`steps[2].next`). */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? (out === '' ? name : `${out}.${name}`) : `${out}[${JSON.stringify(name)}]`;
  }, '');
}

/** One line per problem (see {@link formatFileProblem}): `product.json steps[2].next: … [flows.unknown_step]`. */
export const formatFlowProblem: (problem: FlowProblem) => string = formatFileProblem;

/** The {@link ParleyError} (`flows.invalid`) to throw or report when loading flows failed. */
export function flowProblemsError(problems: readonly FlowProblem[]): ParleyError {
  const errors = problems.filter((problem) => problem.severity === 'error');
  const summary = errors.slice(0, 5).map(formatFlowProblem).join('\n');
  return new ParleyError('flows.invalid', `${errors.length} problem(s) in flow files:\n${summary}`, {
    details: { problems },
  });
}
