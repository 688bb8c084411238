import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { err, ok } from '../core';
import type { Result } from '../core';
import { createFlowCatalog } from './flow-catalog';
import type { FlowCatalog, FlowSource } from './flow-catalog';
import { flowFileSchema } from './flow-file';
import type { FlowProblem } from './flow-problem';
import { formatJsonPath } from './flow-problem';
import { jsonErrorPosition } from './json-position';
import type { ValidateFlowsOptions } from './validate-flows';
import { validateFlows } from './validate-flows';

/** A flow file's name (as it should appear in problems) and text. */
export interface FlowFileText {
  readonly path: string;
  readonly content: string;
}

/** A valid catalog and the warnings found on the way. */
export interface LoadedFlows {
  readonly catalog: FlowCatalog;
  readonly warnings: FlowProblem[];
}

function schemaProblems(file: string, issues: readonly z.core.$ZodIssue[]): FlowProblem[] {
  return issues.map((issue) => {
    const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = formatJsonPath([...issue.path, ...(extra.length === 1 ? extra : [])]);
    const code = issue.code === 'too_big' ? 'flows.limit_exceeded' : 'flows.invalid_schema';
    return { code, severity: 'error', file, path, message: issue.message };
  });
}

function parseOne(file: FlowFileText): Result<FlowSource, FlowProblem[]> {
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const { line, column } = jsonErrorPosition(file.content, message);
    return err([{ code: 'flows.invalid_json', severity: 'error', file: file.path, path: '', line, column, message: `line ${line}, column ${column}: ${message}` }]);
  }
  const parsed = flowFileSchema.safeParse(json);
  if (!parsed.success) return err(schemaProblems(file.path, parsed.error.issues));
  return ok({ definition: parsed.data, file: file.path });
}

/**
 * Parses and validates flow files (pure: no I/O). Every problem of every file is collected; the
 * result is an error when any problem has severity `error` (warnings included in the list, errors first).
 */
export function parseFlowFiles(
  files: readonly FlowFileText[],
  options: ValidateFlowsOptions,
): Result<LoadedFlows, FlowProblem[]> {
  const problems: FlowProblem[] = [];
  const sources: FlowSource[] = [];
  for (const file of files) {
    const parsed = parseOne(file);
    if (parsed.ok) sources.push(parsed.value);
    else problems.push(...parsed.error);
  }
  problems.push(...validateFlows(sources, options));
  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  if (errors.length > 0) return err([...errors, ...warnings]);
  return ok({ catalog: createFlowCatalog(sources), warnings });
}

/**
 * Reads every `*.json` file of `dir` (sorted by name, not recursive) and parses them with
 * {@link parseFlowFiles}. A missing directory is an empty catalog; an unreadable file is a
 * `flows.read_failed` problem. Never throws for bad content.
 */
export async function loadFlows(
  dir: string,
  options: ValidateFlowsOptions,
): Promise<Result<LoadedFlows, FlowProblem[]>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return ok({ catalog: createFlowCatalog([]), warnings: [] });
    return err([{ code: 'flows.read_failed', severity: 'error', file: dir, path: '', message: String(cause) }]);
  }
  const files: FlowFileText[] = [];
  const problems: FlowProblem[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      files.push({ path, content: await readFile(path, 'utf8') });
    } catch (cause) {
      problems.push({ code: 'flows.read_failed', severity: 'error', file: path, path: '', message: String(cause) });
    }
  }
  const parsed = parseFlowFiles(files, options);
  if (problems.length === 0) return parsed;
  return err([...problems, ...(parsed.ok ? parsed.value.warnings : parsed.error)]);
}
