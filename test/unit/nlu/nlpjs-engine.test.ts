import path from 'node:path';
import { isParleyError } from '../../../src/core';
import { catalogToCorpus, createNlpjsEngine, loadIntents } from '../../../src/nlu';
import type { TrainedModel, TrainingCorpus } from '../../../src/nlu';
import { FIXTURES, recordingLogger } from './nlu-test-helpers';

async function shopCorpus(): Promise<TrainingCorpus> {
  const loaded = await loadIntents(path.join(FIXTURES, 'shop'));
  if (!loaded.ok) throw new Error('the shop fixture should load');
  return catalogToCorpus(loaded.value);
}

const PROBES = [
  'hello',
  'how much is shipping',
  'when do you open',
  'purple monkey dishwasher',
  'stop please',
];

describe('createNlpjsEngine', () => {
  const engine = createNlpjsEngine();
  let corpus: TrainingCorpus;
  let model: TrainedModel;

  beforeAll(async () => {
    corpus = await shopCorpus();
    model = await engine.train(corpus);
  });

  it('names itself and keys its settings on the NLP.js version', () => {
    expect(engine.name).toBe('nlpjs');
    expect(engine.settingsKey).toMatch(/^nlp@\d+\.\d+\.\d+;/);
  });

  it('scores every trained intent, best first', async () => {
    const scores = await model.classify('how much does delivery cost');
    expect(scores.map((s) => s.intent).sort()).toEqual(['greeting', 'hours', 'pricing', 'shipping', 'stop']);
    for (let i = 1; i < scores.length; i += 1)
      expect(scores[i - 1]!.score).toBeGreaterThanOrEqual(scores[i]!.score);
    expect(scores[0]?.intent).toBe('pricing');
  });

  it('gives raw scores for unknown text, never NLP.js\'s "None" with score 1', async () => {
    const scores = await model.classify('purple monkey dishwasher');
    expect(scores.some((s) => s.intent === 'None')).toBe(false);
    expect(scores[0]?.score).toBeLessThan(0.5);
  });

  it('serializes to a string that loads into a model with the same answers', async () => {
    const serialized = model.serialize();
    expect(JSON.parse(serialized)).toMatchObject({ format: 'parley.nlpjs/1', locale: 'en' });
    const loaded = await createNlpjsEngine().load(serialized);
    for (const text of PROBES) expect(await loaded.classify(text)).toEqual(await model.classify(text));
    expect(loaded.serialize()).toBe(serialized);
  });

  it('trains out-of-scope negatives without surfacing them', async () => {
    const withNegatives = await engine.train({
      ...corpus,
      negatives: ['what is the weather like', 'tell me a joke'],
    });
    const scores = await withNegatives.classify('tell me a joke about the weather');
    expect(scores.map((s) => s.intent)).not.toContain('None');
    expect(scores).toHaveLength(5);
  });

  it('reports progress and keeps NLP.js from printing', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const progress: [number, number][] = [];
    try {
      await engine.train(corpus, (done, total) => progress.push([done, total]));
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
    expect(progress.length).toBeGreaterThan(1);
    const [done, total] = progress[progress.length - 1]!;
    expect(done).toBe(total);
  });

  it('routes NLP.js warnings to the logger', async () => {
    const logger = recordingLogger();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await createNlpjsEngine({ logger }).train({
        locale: 'en',
        examples: [
          { intent: 'a', text: '!!!' },
          { intent: 'b', text: 'hello' },
        ],
      });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(logger.events()).toContain('nlu.nlpjs.warn');
  });

  it('fails clearly for a language whose NLP.js package is not installed', async () => {
    const rejection = engine.train({ locale: 'xx', examples: [{ intent: 'a', text: 'alpha' }] });
    await expect(rejection).rejects.toMatchObject({ code: 'nlu.unsupported_locale' });
    await expect(rejection).rejects.toThrow(/@nlpjs\/lang-xx/);
  });

  it('refuses an empty corpus and a corrupt model', async () => {
    await expect(engine.train({ locale: 'en', examples: [] })).rejects.toMatchObject({
      code: 'nlu.training_failed',
    });
    const corrupt = await engine.load('{"format":"something else"}').catch((e: unknown) => e);
    expect(isParleyError(corrupt, 'nlu.model_corrupt')).toBe(true);
    await expect(engine.load('not json')).rejects.toMatchObject({ code: 'nlu.model_corrupt' });
  });
});
