import { crossValidate, percentile, summarizeLatency } from '../../../../src/nlu/evaluate';
import type { NluEngine, TrainingCorpus } from '../../../../src/nlu';

/** An engine that remembers its training texts: it answers an exact training text, else nothing. */
function memorizingEngine(trainedOn: string[][]): NluEngine {
  return {
    name: 'memo',
    settingsKey: '',
    load: () => Promise.reject(new Error('unused')),
    train: async (corpus) => {
      trainedOn.push([...corpus.examples.map((e) => e.text), ...(corpus.negatives ?? [])]);
      const known = new Map(corpus.examples.map((e) => [e.text, e.intent]));
      const intents = [...new Set(corpus.examples.map((e) => e.intent))];
      return {
        serialize: () => '',
        classify: async (text) =>
          intents
            .map((intent) => ({ intent, score: known.get(text) === intent ? 1 : 0 }))
            .sort((a, b) => b.score - a.score),
      };
    },
  };
}

const corpus: TrainingCorpus = {
  locale: 'en',
  examples: ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'].map((text) => ({ text, intent: text[0]! })),
  negatives: ['n1', 'n2'],
};

describe('crossValidate', () => {
  it('scores every example and negative once, by a model that never saw it', async () => {
    const trainedOn: string[][] = [];
    const folds: number[] = [];
    const items = await crossValidate(
      corpus,
      { folds: 2, seed: 3 },
      {
        engine: memorizingEngine(trainedOn),
        onFold: (done) => folds.push(done),
      },
    );
    expect(items.map((i) => i.text).sort()).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'b1',
      'b2',
      'b3',
      'b4',
      'n1',
      'n2',
    ]);
    expect(folds).toEqual([1, 2]);
    expect(trainedOn).toHaveLength(2);
    // The memorizing engine scores 0 on everything it did not train on.
    for (const item of items) expect(item.score).toBe(0);
    expect(
      items
        .filter((i) => i.expected === null)
        .map((i) => i.text)
        .sort(),
    ).toEqual(['n1', 'n2']);
    // Each fold trained on the other half, negatives included.
    expect(trainedOn.map((t) => t.length)).toEqual([5, 5]);
  });
});

describe('latency percentiles', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
    expect(summarizeLatency([3, 1, 2])).toEqual({ p50Ms: 2, p99Ms: 3, maxMs: 3 });
  });
});
