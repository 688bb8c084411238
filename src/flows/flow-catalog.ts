import type { FlowDefinition } from './flow-file';
import type { FlowStep } from './flow-step';
import { normalizeText } from './validators/validate-choice';

/** A flow with its source file and its steps by id. */
export interface CatalogFlow {
  readonly definition: FlowDefinition;
  /** The file it was loaded from (for messages and problems). */
  readonly file: string;
  readonly steps: ReadonlyMap<string, FlowStep>;
  /** Index of each step in `definition.steps` (for JSON paths). */
  readonly stepIndex: ReadonlyMap<string, number>;
}

/** Which flow each trigger starts. Keywords are normalised (lower case, no punctuation). */
export interface TriggerIndex {
  readonly intents: ReadonlyMap<string, string>;
  readonly payloads: ReadonlyMap<string, string>;
  readonly refs: ReadonlyMap<string, string>;
  readonly adIds: ReadonlyMap<string, string>;
  readonly keywords: ReadonlyMap<string, string>;
}

/** Every loaded flow by id, with the trigger index. Immutable: a reload builds a new catalog. */
export interface FlowCatalog {
  readonly flows: ReadonlyMap<string, CatalogFlow>;
  readonly triggers: TriggerIndex;
}

/** A flow and the file it came from. */
export interface FlowSource {
  readonly definition: FlowDefinition;
  readonly file: string;
}

/**
 * Indexes flows by id and triggers. Does not validate: on duplicates (flow ids, step ids, triggers)
 * the first one wins; run {@link validateFlows} to report them.
 */
export function createFlowCatalog(sources: readonly FlowSource[]): FlowCatalog {
  const flows = new Map<string, CatalogFlow>();
  const triggers = { intents: new Map(), payloads: new Map(), refs: new Map(), adIds: new Map(), keywords: new Map() };
  for (const { definition, file } of sources) {
    if (flows.has(definition.id)) continue;
    const steps = new Map<string, FlowStep>();
    const stepIndex = new Map<string, number>();
    definition.steps.forEach((step, index) => {
      if (steps.has(step.id)) return;
      steps.set(step.id, step);
      stepIndex.set(step.id, index);
    });
    flows.set(definition.id, { definition, file, steps, stepIndex });
    const add = (index: Map<string, string>, keys: readonly string[] | undefined) => {
      for (const key of keys ?? []) if (!index.has(key)) index.set(key, definition.id);
    };
    add(triggers.intents, definition.triggers.intents);
    add(triggers.payloads, definition.triggers.payloads);
    add(triggers.refs, definition.triggers.refs);
    add(triggers.adIds, definition.triggers.adIds);
    add(triggers.keywords, definition.triggers.keywords?.map(normalizeText));
  }
  return { flows, triggers };
}
