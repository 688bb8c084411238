import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ParleyError } from '../core';
import type { IntentCatalog, IntentDefinition, IntentFileSource } from '../nlu';
import { parseIntentFiles } from '../nlu';
import { findJsonArray } from './json-array-span';

/** The version of an intent file: SHA-256 (hex) of its bytes. Any change, even of formatting, changes it. */
export function fileVersion(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.json$/;

/**
 * The absolute path of intent file `name` inside `intentsDir`. Only plain `*.json` names directly in
 * the directory are accepted: no separators, no `..`, no hidden files, so a path can never leave it.
 * @throws ParleyError `training.invalid_path`.
 */
export function resolveIntentFile(intentsDir: string, name: string): string {
  const root = path.resolve(intentsDir);
  const resolved = path.resolve(root, name);
  if (!FILE_NAME.test(name) || name.length > 200 || path.dirname(resolved) !== root) {
    throw new ParleyError(
      'training.invalid_path',
      `"${name}" is not an intent file name: use a plain name ending in .json, inside the intents directory`,
      { details: { file: name } },
    );
  }
  return resolved;
}

/** An intent file as read: its text and version. */
export interface IntentFileText {
  readonly file: string;
  readonly text: string;
  readonly version: string;
}

/** Every intent file of the directory (like `loadIntents`: `*.json`, not hidden, sorted) and its catalog. */
export interface IntentDirectory {
  readonly files: ReadonlyMap<string, IntentFileText>;
  /** Null when the files do not form a valid catalog. */
  readonly catalog: IntentCatalog | null;
}

/** Reads the intents directory: each file's bytes and version, and the catalog they make. */
export async function readIntentDirectory(intentsDir: string): Promise<IntentDirectory> {
  const root = path.resolve(intentsDir);
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.json') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const files = new Map<string, IntentFileText>();
  for (const name of names) {
    const bytes = await readFile(path.join(root, name));
    files.set(name, { file: name, text: bytes.toString('utf8'), version: fileVersion(bytes) });
  }
  const parsed = parseIntentFiles(sources(files));
  return { files, catalog: parsed.ok ? parsed.value : null };
}

function sources(files: ReadonlyMap<string, IntentFileText>): IntentFileSource[] {
  return [...files.values()].map((f) => ({ path: f.file, content: f.text }));
}

/**
 * Checks that replacing (or adding) `file` with `text` still gives a valid catalog.
 * @throws ParleyError `training.invalid_edit` with the problems (file, JSON path, reason).
 */
export function checkEdit(dir: IntentDirectory, file: string, text: string): IntentCatalog {
  const next = new Map(dir.files);
  next.set(file, { file, text, version: '' });
  const parsed = parseIntentFiles(sources(next));
  if (parsed.ok) return parsed.value;
  const problems = parsed.error.filter((p) => p.severity === 'error');
  throw new ParleyError(
    'training.invalid_edit',
    'The edit would make the intent files invalid; nothing was written.',
    {
      details: problems.map((p) => ({ code: p.code, file: p.file, path: p.path, message: p.message })),
    },
  );
}

/** @throws ParleyError `training.stale_version` when the file changed since the caller read it. */
export function assertVersion(file: string, current: string | null, expected: string | null): void {
  if (current === expected) return;
  throw new ParleyError(
    'training.stale_version',
    current === null
      ? `${file} does not exist (any more); reload and try again`
      : `${file} changed since you read it; reload and try again`,
    { details: { file, currentVersion: current, expectedVersion: expected } },
  );
}

interface TextStyle {
  readonly eol: string;
  /** One level of indentation (two spaces, four, a tab). */
  readonly unit: string;
}

function styleOf(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  return { eol, unit: indented?.[1] ?? '  ' };
}

/** The indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * Appends elements (already serialised, single-line or multi-line with `\n`) to an array of a JSON
 * text, separated the way its last element is from the one before (or from `[`), and indented like it.
 */
function appendToArray(
  text: string,
  arrayPath: readonly (string | number)[],
  serialised: readonly string[],
): string {
  const span = findJsonArray(text, arrayPath);
  if (span === null) throw new ParleyError('internal', `No array at ${arrayPath.join('.')}`);
  const { eol, unit } = styleOf(text);
  const last = span.elements[span.elements.length - 1];
  if (last === undefined) {
    const outer = lineIndent(text, span.open);
    const inner = outer + unit;
    const body = serialised.map((s) => reindent(s, inner, eol)).join(`,${eol}${inner}`);
    return `${text.slice(0, span.open + 1)}${eol}${inner}${body}${eol}${outer}${text.slice(span.close)}`;
  }
  const before = span.elements[span.elements.length - 2]?.end ?? span.open + 1;
  // How this array separates elements: the whitespace before its last element (without the comma).
  const raw = text.slice(before, last.start);
  const separator = span.elements.length > 1 ? raw.replace(/^\s*,/, '') : raw;
  const indent = separator.includes('\n') ? separator.slice(separator.lastIndexOf('\n') + 1) : '';
  const insert = serialised.map((s) => `,${separator}${reindent(s, indent, eol)}`).join('');
  return text.slice(0, last.end) + insert + text.slice(last.end);
}

function reindent(serialised: string, indent: string, eol: string): string {
  return serialised.split('\n').join(`${eol}${indent}`);
}

/** Adds utterances to an intent of a file's text, preserving everything else byte for byte. */
export function insertUtterances(text: string, intentIndex: number, utterances: readonly string[]): string {
  if (utterances.length === 0) return text;
  return appendToArray(
    text,
    ['data', intentIndex, 'utterances'],
    utterances.map((u) => JSON.stringify(u)),
  );
}

/** Adds an intent at the end of a file's `data`, formatted with the file's indentation. */
export function insertIntent(text: string, intent: IntentDefinition): string {
  const { unit } = styleOf(text);
  return appendToArray(text, ['data'], [JSON.stringify(intent, null, unit)]);
}

/** The text of a new intent file holding one intent (two-space indentation, trailing newline). */
export function newIntentFileText(name: string, locale: string, intent: IntentDefinition): string {
  return `${JSON.stringify({ name, locale, data: [intent] }, null, 2)}\n`;
}

/**
 * Replaces a file atomically: writes a hidden temp file next to it (same directory, so the rename
 * cannot cross file systems), flushes it to disk, then renames it over the target. Readers and the
 * watcher see the old file or the new one, never a half-written one.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // rename() replaces a symlinked intent file by a regular file: never writes through to its target.
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
