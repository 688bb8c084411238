import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NluLogger } from '../../../src/nlu';

/** The fixture corpora of test/fixtures/intents/. */
export const FIXTURES = path.resolve(__dirname, '../../fixtures/intents');

/** A fresh temp directory; call the returned `cleanup` in `afterEach`. */
export async function makeTempDir(
  prefix = 'parley-nlu-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (name → content; objects are JSON-encoded) into `dir`. */
export async function writeFiles(dir: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      path.join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
}

/** One logged call. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string | undefined;
  readonly fields: object;
}

/** A pino-compatible logger that records every call. */
export function recordingLogger(): NluLogger & {
  readonly entries: LogEntry[];
  events(): (string | undefined)[];
} {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (fields: object, event?: string): void => {
      entries.push({ level, event, fields });
    };
  return {
    entries,
    events: () => entries.map((e) => e.event),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
