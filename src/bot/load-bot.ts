import type { Logger, Result } from '../core';
import { err, ok } from '../core';
import type { IntentFileProblem, ModelCache, NluEngine } from '../nlu';
import { buildIntentMatcher, loadIntents } from '../nlu';
import type { Bot } from '../runtime';
import { createBot } from '../runtime';

/** Where the bot's files are and how to train it. */
export interface BotLoadOptions {
  readonly intentsDir: string;
  readonly flowsDir: string;
  readonly threshold: number;
  readonly engine: NluEngine;
  readonly cache: ModelCache;
  readonly logger: Logger;
  readonly now: () => number;
}

/** A problem that stopped a load, naming the file and JSON path. */
export type BotProblem = IntentFileProblem;

/** A freshly built bot and how it was obtained. */
export interface LoadedBot {
  readonly bot: Bot;
  readonly fromCache: boolean;
  readonly trainMs: number;
}

/**
 * Reads and validates `intents/` (and `flows/`), then trains the model — or loads it from the cache
 * when the files and settings are unchanged. Returns every problem found instead of a half-built bot.
 */
export async function loadBot(options: BotLoadOptions): Promise<Result<LoadedBot, readonly BotProblem[]>> {
  const intents = await loadIntents(options.intentsDir);
  if (!intents.ok) return err(intents.error);
  const catalog = intents.value;
  for (const warning of catalog.warnings) options.logger.warn({ event: 'bot.intents.warning', ...warning });
  const built = await buildIntentMatcher({
    catalog,
    engine: options.engine,
    threshold: options.threshold,
    cache: options.cache,
    logger: options.logger,
  });
  const definitions = new Map([...catalog.intents].map(([name, entry]) => [name, entry.definition]));
  const bot = createBot({ matcher: built.matcher, intents: definitions, loadedAt: options.now() });
  return ok({ bot, fromCache: built.fromCache, trainMs: built.trainMs });
}
