import type { Logger, Result } from '../core';
import { err, ok } from '../core';
import type { FlowProblem } from '../flows';
import { loadFlows } from '../flows';
import type { IntentCatalog, IntentFileProblem, ModelCache, NluEngine } from '../nlu';
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
export type BotProblem = IntentFileProblem | FlowProblem;

/** A freshly built bot and how it was obtained. */
export interface LoadedBot {
  readonly bot: Bot;
  readonly fromCache: boolean;
  readonly trainMs: number;
}

/** An intent's `flow` must name a loaded flow. */
function unknownFlowProblems(catalog: IntentCatalog, flowIds: ReadonlySet<string>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [name, { definition, file }] of catalog.intents) {
    if (definition.flow === undefined || flowIds.has(definition.flow)) continue;
    const index = [...catalog.intents.values()]
      .filter((i) => i.file === file)
      .findIndex((i) => i.definition.intent === name);
    problems.push({
      code: 'flows.unknown_flow',
      severity: 'error',
      file,
      path: `data[${index}].flow`,
      message: `intent "${name}" starts flow "${definition.flow}", which does not exist`,
    });
  }
  return problems;
}

/** Validates intents and flows together, without training: what `parley validate` reports. */
export async function validateBotFiles(
  options: Pick<BotLoadOptions, 'intentsDir' | 'flowsDir'>,
): Promise<{ problems: BotProblem[]; warnings: BotProblem[]; intents: number; flows: number }> {
  const intents = await loadIntents(options.intentsDir);
  if (!intents.ok) return { problems: [...intents.error], warnings: [], intents: 0, flows: 0 };
  const flows = await loadFlows(options.flowsDir, { knownIntents: new Set(intents.value.intents.keys()) });
  const warnings: BotProblem[] = [...intents.value.warnings];
  if (!flows.ok)
    return { problems: [...flows.error], warnings, intents: intents.value.intents.size, flows: 0 };
  warnings.push(...flows.value.warnings);
  const problems = unknownFlowProblems(intents.value, new Set(flows.value.catalog.flows.keys()));
  return { problems, warnings, intents: intents.value.intents.size, flows: flows.value.catalog.flows.size };
}

/**
 * Reads and validates `intents/` and `flows/` (each against the other), then trains the model — or
 * loads it from the cache when the training data and settings are unchanged. Returns every problem
 * found instead of a half-built bot.
 */
export async function loadBot(options: BotLoadOptions): Promise<Result<LoadedBot, readonly BotProblem[]>> {
  const intents = await loadIntents(options.intentsDir);
  if (!intents.ok) return err(intents.error);
  const catalog = intents.value;
  const flows = await loadFlows(options.flowsDir, { knownIntents: new Set(catalog.intents.keys()) });
  if (!flows.ok) return err(flows.error);
  const problems = unknownFlowProblems(catalog, new Set(flows.value.catalog.flows.keys()));
  if (problems.length > 0) return err(problems);
  for (const warning of [...catalog.warnings, ...flows.value.warnings]) {
    options.logger.warn({ event: 'bot.load.warning', ...warning });
  }
  const built = await buildIntentMatcher({
    catalog,
    engine: options.engine,
    threshold: options.threshold,
    cache: options.cache,
    logger: options.logger,
  });
  const definitions = new Map([...catalog.intents].map(([name, entry]) => [name, entry.definition]));
  const bot = createBot({
    matcher: built.matcher,
    intents: definitions,
    flows: flows.value.catalog,
    loadedAt: options.now(),
  });
  return ok({ bot, fromCache: built.fromCache, trainMs: built.trainMs });
}
