import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ParleyError } from '../../core';
import type { TrainingCorpus } from '../nlu-engine';

const labelledTextSchema = z.object({ text: z.string(), intent: z.string().min(1) });

/**
 * A public intent-classification benchmark in the shared shape (`../shared/datasets/README.md`):
 * labelled `train`/`test` (and optional `val`) splits, optional out-of-scope texts. In `test` and
 * `val`, the intent `None` means "no intent" (out of scope).
 */
export const nluDatasetSchema = z.object({
  name: z.string().min(1),
  source: z.record(z.string(), z.unknown()).optional(),
  train: z.array(labelledTextSchema).min(1),
  test: z.array(labelledTextSchema),
  val: z.array(labelledTextSchema).optional(),
  oos_train: z.array(z.string()).optional(),
  oos_val: z.array(z.string()).optional(),
  oos_test: z.array(z.string()).optional(),
  stats: z.record(z.string(), z.unknown()).optional(),
});
/** A public intent-classification benchmark. */
export type NluDataset = z.infer<typeof nluDatasetSchema>;

/** The intent name that marks an out-of-scope item in a dataset's labelled splits. */
export const DATASET_NONE_INTENT = 'None';

/** A text with the intent it should match, or `null` when it should match nothing. */
export interface ExpectedText {
  readonly text: string;
  readonly expected: string | null;
}

/** Validates parsed JSON as a dataset; throws `ParleyError('nlu.dataset_invalid')` naming the problems. */
export function parseNluDataset(json: unknown, source = 'dataset'): NluDataset {
  const parsed = nluDatasetSchema.safeParse(json);
  if (!parsed.success) {
    throw new ParleyError(
      'nlu.dataset_invalid',
      `${source} is not an NLU dataset: ${z.prettifyError(parsed.error)}`,
      {
        details: { file: source },
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/**
 * Reads and validates a dataset file. Throws `ParleyError('nlu.dataset_read_failed')` when the file
 * cannot be read or is not JSON, `nlu.dataset_invalid` when it has the wrong shape.
 */
export async function loadNluDataset(file: string): Promise<NluDataset> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ParleyError('nlu.dataset_read_failed', `Cannot read the dataset ${file}`, {
      details: { file },
      cause: error,
    });
  }
  return parseNluDataset(json, file);
}

/**
 * The training corpus of a dataset: every `train` item (items labelled `None` become negatives), plus
 * `oos_train` as negatives when `useOosTrain` is set.
 */
export function datasetTrainingCorpus(
  dataset: NluDataset,
  options: { readonly useOosTrain?: boolean; readonly locale?: string } = {},
): TrainingCorpus {
  const examples = dataset.train.filter((item) => item.intent !== DATASET_NONE_INTENT);
  const negatives = dataset.train
    .filter((item) => item.intent === DATASET_NONE_INTENT)
    .map((item) => item.text);
  if (options.useOosTrain) negatives.push(...(dataset.oos_train ?? []));
  return { locale: options.locale ?? 'en', examples, ...(negatives.length > 0 ? { negatives } : {}) };
}

/**
 * The items of a labelled split with its out-of-scope texts (`test` + `oos_test`, or `val` + `oos_val`);
 * `None` and out-of-scope texts expect `null`. Empty when the dataset has no such split.
 */
export function datasetSplit(dataset: NluDataset, split: 'test' | 'val'): ExpectedText[] {
  const labelled = (split === 'test' ? dataset.test : dataset.val) ?? [];
  const oos = (split === 'test' ? dataset.oos_test : dataset.oos_val) ?? [];
  return [
    ...labelled.map((item) => ({
      text: item.text,
      expected: item.intent === DATASET_NONE_INTENT ? null : item.intent,
    })),
    ...oos.map((text) => ({ text, expected: null })),
  ];
}
