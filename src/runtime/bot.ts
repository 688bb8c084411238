import type { FlowCatalog } from '../flows';
import type { IntentDefinition, IntentMatcher } from '../nlu';

/**
 * Everything the runtime needs to answer, built from `intents/` and `flows/` and swapped atomically
 * on reload: a turn uses one `Bot` from start to end.
 */
export interface Bot {
  /** Model version + flows hash; recorded on log rows. */
  readonly version: string;
  readonly matcher: IntentMatcher;
  readonly intents: ReadonlyMap<string, IntentDefinition>;
  readonly flows: FlowCatalog;
  /** Names of intents with a global action (stop, help, restart, human…). */
  readonly globalIntents: ReadonlySet<string>;
  /** Intents offered as chips when the bot did not understand, with their titles, in file order. */
  readonly suggestions: readonly { readonly intent: string; readonly title: string }[];
  /** When this bot was built (epoch ms). */
  readonly loadedAt: number;
}

/** Gives the bot currently serving; null until the first successful load. */
export interface BotSource {
  current(): Bot | null;
}

/** Builds a {@link Bot} from a matcher, the intents it was trained on and the flows. */
export function createBot(input: {
  matcher: IntentMatcher;
  intents: ReadonlyMap<string, IntentDefinition>;
  flows: FlowCatalog;
  version?: string;
  loadedAt: number;
}): Bot {
  const globalIntents = new Set<string>();
  const suggestions: { intent: string; title: string }[] = [];
  for (const [name, def] of input.intents) {
    if (def.action) globalIntents.add(name);
    if (def.suggest) suggestions.push({ intent: name, title: def.suggest });
  }
  return {
    version: input.version ?? input.matcher.version,
    matcher: input.matcher,
    intents: input.intents,
    flows: input.flows,
    globalIntents,
    suggestions,
    loadedAt: input.loadedAt,
  };
}
