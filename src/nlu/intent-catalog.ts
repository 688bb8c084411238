import type { IntentDefinition } from './intent-file';
import type { IntentFileProblem } from './intent-file-problem';
import type { TrainingCorpus, TrainingExample } from './nlu-engine';
import { normalizeUtterance } from './normalize-utterance';

/** One intent of a catalog, with the file that defines it. */
export interface CatalogIntent {
  readonly definition: IntentDefinition;
  /** The file, relative to the intents directory. */
  readonly file: string;
}

/** One file a catalog was built from. */
export interface CatalogFile {
  readonly path: string;
  /** SHA-256 (hex) of the file's canonical content: formatting and key order do not change it. */
  readonly hash: string;
}

/**
 * Every intent of a valid set of intent files. `intents` keeps file order (files sorted by name,
 * then the order inside each file). `hash` changes when any file is added, removed, renamed or
 * changes in content (not formatting). `warnings` are problems that did not stop loading.
 */
export interface IntentCatalog {
  readonly locale: string;
  readonly intents: ReadonlyMap<string, CatalogIntent>;
  readonly files: readonly CatalogFile[];
  readonly hash: string;
  readonly warnings: readonly IntentFileProblem[];
}

/**
 * What an engine trains on for this catalog: every utterance labelled with its intent, in catalog
 * order. An utterance repeated inside one intent (same {@link normalizeUtterance} form) is kept once,
 * so duplicates do not weigh more (the loader reported them as warnings).
 */
export function catalogToCorpus(catalog: IntentCatalog): TrainingCorpus {
  const examples: TrainingExample[] = [];
  for (const [intent, { definition }] of catalog.intents) {
    const seen = new Set<string>();
    for (const text of definition.utterances) {
      const key = normalizeUtterance(text);
      if (seen.has(key)) continue;
      seen.add(key);
      examples.push({ text, intent });
    }
  }
  return { locale: catalog.locale, examples };
}
