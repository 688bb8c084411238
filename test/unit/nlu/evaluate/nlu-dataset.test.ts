import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  datasetSplit,
  datasetTrainingCorpus,
  loadNluDataset,
  parseNluDataset,
} from '../../../../src/nlu/evaluate';

const raw = {
  name: 'tiny',
  train: [
    { text: 'hi', intent: 'greet' },
    { text: 'bye', intent: 'leave' },
    { text: 'blah', intent: 'None' },
  ],
  test: [
    { text: 'hello', intent: 'greet' },
    { text: 'meh', intent: 'None' },
  ],
  val: [{ text: 'hey', intent: 'greet' }],
  oos_train: ['what is love'],
  oos_val: ['random'],
  oos_test: ['quantum'],
};

describe('NLU datasets', () => {
  it('turns None items and out-of-scope texts into "no intent" expectations', () => {
    const dataset = parseNluDataset(raw);
    expect(datasetSplit(dataset, 'test')).toEqual([
      { text: 'hello', expected: 'greet' },
      { text: 'meh', expected: null },
      { text: 'quantum', expected: null },
    ]);
    expect(datasetSplit(dataset, 'val')).toEqual([
      { text: 'hey', expected: 'greet' },
      { text: 'random', expected: null },
    ]);
  });

  it('trains on train, with None items and (on request) oos_train as negatives', () => {
    const dataset = parseNluDataset(raw);
    const plain = datasetTrainingCorpus(dataset);
    expect(plain.examples.map((e) => e.intent)).toEqual(['greet', 'leave']);
    expect(plain.negatives).toEqual(['blah']);
    expect(datasetTrainingCorpus(dataset, { useOosTrain: true }).negatives).toEqual(['blah', 'what is love']);
  });

  it('rejects a malformed dataset with a stable code', () => {
    expect(() => parseNluDataset({ name: 'x', train: 'nope', test: [] })).toThrow(
      expect.objectContaining({ code: 'nlu.dataset_invalid' }),
    );
  });

  it('loads a dataset file, and reports unreadable files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-dataset-'));
    try {
      const file = path.join(dir, 'tiny.json');
      await writeFile(file, JSON.stringify(raw));
      expect((await loadNluDataset(file)).name).toBe('tiny');
      await writeFile(path.join(dir, 'bad.json'), '{ nope');
      await expect(loadNluDataset(path.join(dir, 'bad.json'))).rejects.toMatchObject({
        code: 'nlu.dataset_read_failed',
      });
      await expect(loadNluDataset(path.join(dir, 'missing.json'))).rejects.toMatchObject({
        code: 'nlu.dataset_read_failed',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
