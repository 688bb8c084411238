import type { z } from 'zod';
import { err, ok } from '../core';
import type { Result } from '../core';
import { canonicalJson, sha256Hex } from './canonical-json';
import type { CatalogFile, CatalogIntent, IntentCatalog } from './intent-catalog';
import { intentFileSchema } from './intent-file';
import type { IntentFile } from './intent-file';
import type { IntentFileProblem } from './intent-file-problem';
import { formatJsonPath } from './json-path';
import { normalizeUtterance } from './normalize-utterance';

/** An intent file's text and where it came from. */
export interface IntentFileSource {
  /** The name problems use (relative to the intents directory). */
  readonly path: string;
  readonly content: string;
  /** Where the file is on disk, when it is. */
  readonly absolutePath?: string;
}

interface ParsedFile {
  readonly source: IntentFileSource;
  readonly file: IntentFile;
}

interface UtteranceOwner {
  readonly intent: string;
  readonly file: string;
  readonly path: string;
}

/**
 * Validates intent files given as strings and builds their {@link IntentCatalog}. Pure: no I/O.
 * Files are taken in path order. Every problem is collected, not just the first:
 * `intents.invalid_json` (with line and column), `intents.invalid_schema` (one per zod issue, one
 * per unknown field), `intents.mixed_locales`, `intents.duplicate_intent` (same name twice, in one
 * file or two), `intents.duplicate_utterance` (same normalised utterance in two intents; inside one
 * intent it is only a `warning` and is trained once), `intents.empty` (no intent at all).
 * Fails when any `error` problem was found; warnings then come along with the errors.
 * @param extraProblems problems found before parsing (unreadable files), reported along with the rest.
 */
export function parseIntentFiles(
  sources: readonly IntentFileSource[],
  extraProblems: readonly IntentFileProblem[] = [],
): Result<IntentCatalog, IntentFileProblem[]> {
  const problems: IntentFileProblem[] = [...extraProblems];
  const parsed: ParsedFile[] = [];
  for (const source of [...sources].sort((a, b) => compare(a.path, b.path))) {
    const file = parseOne(source, problems);
    if (file !== null) parsed.push({ source, file });
  }
  const locale = checkLocales(parsed, problems);
  const intents = collectIntents(parsed, problems);
  checkUtterances(intents, problems);
  if (intents.size === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push({
      code: 'intents.empty',
      severity: 'error',
      file: '',
      path: '',
      message: sources.length === 0 ? 'no intent files (*.json) found' : 'the intent files define no intent',
    });
  }
  if (problems.some((p) => p.severity === 'error')) return err(problems);
  const files: CatalogFile[] = parsed.map(({ source, file }) => ({
    path: source.path,
    hash: sha256Hex(canonicalJson(file)),
  }));
  return ok({
    locale,
    intents: new Map(
      [...intents].map(([name, owner]) => [name, { definition: owner.definition, file: owner.file }]),
    ),
    files,
    hash: sha256Hex(canonicalJson(files)),
    warnings: problems,
  });
}

function parseOne(source: IntentFileSource, problems: IntentFileProblem[]): IntentFile | null {
  const where = {
    file: source.path,
    ...(source.absolutePath === undefined ? {} : { absolutePath: source.absolutePath }),
  };
  const text = source.content.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    problems.push({
      code: 'intents.invalid_json',
      severity: 'error',
      ...where,
      path: '',
      message: `malformed JSON: ${message}`,
      ...lineAndColumn(text, errorPosition(message, text)),
    });
    return null;
  }
  const result = intentFileSchema.safeParse(json);
  if (result.success) return result.data;
  for (const issue of flattenIssues(result.error.issues)) {
    problems.push({ code: 'intents.invalid_schema', severity: 'error', ...where, ...issue });
  }
  return null;
}

/** V8 reports `position N`; "Unexpected end of JSON input" has none and means the end. */
function errorPosition(message: string, text: string): number {
  const match = /position (\d+)/.exec(message);
  return match?.[1] === undefined ? text.length : Number(match[1]);
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

type Issue = z.core.$ZodIssue;

function flattenIssues(
  issues: readonly Issue[],
  base: readonly PropertyKey[] = [],
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const at = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: formatJsonPath([...at, key]), message: `unknown field "${key}"` });
    } else if (issue.code === 'invalid_union') {
      const branch = closestBranch(issue.errors);
      if (branch === null)
        out.push({ path: formatJsonPath(at), message: 'matches none of the allowed forms' });
      else out.push(...flattenIssues(branch, at));
    } else {
      out.push({ path: formatJsonPath(at), message: issue.message });
    }
  }
  return out;
}

/**
 * For a value matching no branch of a union (`"answers": [{ "txt": "hi" }]`), the branch whose
 * issues say the most: the only one that got past the value's type. Null when that is ambiguous.
 */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | null {
  const typed = branches.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  return typed.length === 1 ? (typed[0] ?? null) : null;
}

function checkLocales(parsed: readonly ParsedFile[], problems: IntentFileProblem[]): string {
  const first = parsed[0];
  if (first === undefined) return 'en';
  const language = first.file.locale.slice(0, 2).toLowerCase();
  for (const { source, file } of parsed.slice(1)) {
    if (file.locale.slice(0, 2).toLowerCase() === language) continue;
    problems.push({
      code: 'intents.mixed_locales',
      severity: 'error',
      file: source.path,
      ...(source.absolutePath === undefined ? {} : { absolutePath: source.absolutePath }),
      path: 'locale',
      message: `locale "${file.locale}" differs from "${first.file.locale}" of ${first.source.path}; one model serves one language`,
    });
  }
  return first.file.locale;
}

interface IntentOwner extends CatalogIntent {
  readonly source: IntentFileSource;
  readonly index: number;
}

function collectIntents(
  parsed: readonly ParsedFile[],
  problems: IntentFileProblem[],
): Map<string, IntentOwner> {
  const intents = new Map<string, IntentOwner>();
  for (const { source, file } of parsed) {
    file.data.forEach((definition, index) => {
      const previous = intents.get(definition.intent);
      if (previous === undefined) {
        intents.set(definition.intent, { definition, file: source.path, source, index });
        return;
      }
      problems.push({
        code: 'intents.duplicate_intent',
        severity: 'error',
        file: source.path,
        ...(source.absolutePath === undefined ? {} : { absolutePath: source.absolutePath }),
        path: `data[${index}].intent`,
        message: `intent "${definition.intent}" is already defined in ${previous.file} at data[${previous.index}]`,
      });
    });
  }
  return intents;
}

function checkUtterances(intents: ReadonlyMap<string, IntentOwner>, problems: IntentFileProblem[]): void {
  const owners = new Map<string, UtteranceOwner>();
  for (const [intent, { definition, source, index }] of intents) {
    definition.utterances.forEach((text, u) => {
      const key = normalizeUtterance(text);
      if (key === '') return;
      const path = `data[${index}].utterances[${u}]`;
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, { intent, file: source.path, path });
        return;
      }
      const same = owner.intent === intent;
      problems.push({
        code: 'intents.duplicate_utterance',
        severity: same ? 'warning' : 'error',
        file: source.path,
        ...(source.absolutePath === undefined ? {} : { absolutePath: source.absolutePath }),
        path,
        message: same
          ? `"${text}" repeats ${owner.path} of the same intent; it is trained once`
          : `"${text}" is also an utterance of intent "${owner.intent}" (${owner.file} ${owner.path}); an utterance belongs to one intent`,
      });
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
