import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../core';
import { err } from '../core';
import type { IntentCatalog } from './intent-catalog';
import type { IntentFileProblem } from './intent-file-problem';
import { parseIntentFiles } from './parse-intent-files';
import type { IntentFileSource } from './parse-intent-files';

/**
 * Reads every `*.json` file directly in `dir` (sorted by name; hidden files and subdirectories are
 * ignored) and validates them as one catalog, like {@link parseIntentFiles}. Problems name the file
 * relative to `dir` and absolute. An unreadable directory or file is an `intents.read_failed` problem;
 * never throws for bad content.
 */
export async function loadIntents(dir: string): Promise<Result<IntentCatalog, IntentFileProblem[]>> {
  const root = path.resolve(dir);
  let names: string[];
  try {
    const entries = await readdir(root, { withFileTypes: true });
    names = entries
      .filter(
        (e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.json') && !e.name.startsWith('.'),
      )
      .map((e) => e.name)
      .sort();
  } catch (cause) {
    return err([readFailed('', root, cause)]);
  }
  const sources: IntentFileSource[] = [];
  const problems: IntentFileProblem[] = [];
  for (const name of names) {
    const absolutePath = path.join(root, name);
    try {
      sources.push({ path: name, absolutePath, content: await readFile(absolutePath, 'utf8') });
    } catch (cause) {
      problems.push(readFailed(name, absolutePath, cause));
    }
  }
  return parseIntentFiles(sources, problems);
}

function readFailed(file: string, absolutePath: string, cause: unknown): IntentFileProblem {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return {
    code: 'intents.read_failed',
    severity: 'error',
    file,
    absolutePath,
    path: '',
    message: `cannot read ${file === '' ? 'the intents directory' : 'the file'}: ${reason}`,
  };
}
