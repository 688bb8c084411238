import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config';
import type { Parley } from '../../src/main';
import { createParley } from '../../src/main';
import { captureLogger } from './capture-logger';

/** The demo bot's files, as shipped. */
export const DEMO_INTENTS = path.resolve(__dirname, '../../intents');
export const DEMO_FLOWS = path.resolve(__dirname, '../../flows');

/** A Parley on a fresh temp directory (database, model cache, copies of the bot's files). */
export interface TestParley {
  readonly parley: Parley;
  readonly dir: string;
  readonly intentsDir: string;
  readonly flowsDir: string;
  readonly logs: Record<string, unknown>[];
  cleanup(): Promise<void>;
}

/**
 * Builds an isolated Parley: copies `intents` (a directory, or files given as name → JSON value) and
 * `flows` into a temp dir, wires it like production (SQLite file store, on-disk cache), loads the bot.
 */
export async function createTestParley(
  options: {
    intents?: string | Record<string, unknown>;
    flows?: string | Record<string, unknown>;
    env?: Record<string, string>;
    dir?: string;
    load?: boolean;
  } = {},
): Promise<TestParley> {
  const dir = options.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'parley-test-')));
  const intentsDir = path.join(dir, 'intents');
  const flowsDir = path.join(dir, 'flows');
  await fs.mkdir(flowsDir, { recursive: true });
  await fs.mkdir(intentsDir, { recursive: true });
  await materialise(options.intents ?? DEMO_INTENTS, intentsDir);
  // The demo flows hang off the demo intents: a test with its own intents gets no flows unless it says so.
  await materialise(options.flows ?? (options.intents === undefined ? DEMO_FLOWS : {}), flowsDir);
  const config = parseConfig(
    {
      DATA_DIR: path.join(dir, 'data'),
      INTENTS_DIR: intentsDir,
      FLOWS_DIR: flowsDir,
      WATCH: 'false',
      LOG_LEVEL: 'debug',
      PORT: '0',
      HOST: '127.0.0.1',
      ...options.env,
    },
    dir,
  );
  const { logger, lines } = captureLogger();
  const parley = createParley(config, logger);
  if (options.load !== false) {
    const loaded = await parley.bot.reload('test');
    if (!loaded.ok) throw new Error(`test bot failed to load: ${JSON.stringify(loaded.error)}`);
  }
  return {
    parley,
    dir,
    intentsDir,
    flowsDir,
    logs: lines,
    async cleanup() {
      await parley.close();
      if (!options.dir) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function materialise(source: string | Record<string, unknown>, target: string): Promise<void> {
  if (typeof source === 'string') {
    const exists = await fs.stat(source).then(
      () => true,
      () => false,
    );
    if (exists) await fs.cp(source, target, { recursive: true });
    return;
  }
  for (const [name, content] of Object.entries(source)) {
    await fs.writeFile(path.join(target, name), JSON.stringify(content, null, 2));
  }
}
