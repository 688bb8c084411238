import path from 'node:path';
import { isParleyError, nluResultSchema } from '../../../src/core';
import type { IntentScore } from '../../../src/core';
import { catalogToCorpus, createIntentMatcher, createNlpjsEngine, loadIntents } from '../../../src/nlu';
import type { IntentMatcher, TrainedModel } from '../../../src/nlu';
import { FIXTURES, recordingLogger } from './nlu-test-helpers';

/** A model that answers fixed scores, to pin the matcher's own rules. */
function fixedModel(scores: IntentScore[] | Error): TrainedModel & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    classify: async (text) => {
      calls.push(text);
      if (scores instanceof Error) throw scores;
      return scores;
    },
    serialize: () => '{}',
  };
}

describe('createIntentMatcher over NLP.js', () => {
  let matcher: IntentMatcher;

  beforeAll(async () => {
    const loaded = await loadIntents(path.join(FIXTURES, 'shop'));
    if (!loaded.ok) throw new Error('the shop fixture should load');
    const model = await createNlpjsEngine().train(catalogToCorpus(loaded.value));
    matcher = createIntentMatcher({ model, threshold: 0.5, version: 'v-test' });
  });

  it('matches trained intents from texts it was not trained on', async () => {
    const cases: [string, string][] = [
      ['hi, good morning!', 'greeting'],
      ['how much is the price?', 'pricing'],
      ['when does my order arrive', 'shipping'],
      ['are you open on saturday', 'hours'],
      ['please stop sending messages', 'stop'],
    ];
    for (const [text, intent] of cases) {
      const result = await matcher.match(text);
      expect(nluResultSchema.parse(result)).toEqual(result);
      expect(result).toMatchObject({ intent, matched: true, modelVersion: 'v-test' });
      expect(result.score).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('leaves gibberish unmatched with its raw score, not NLP.js\'s "None" with score 1', async () => {
    const result = await matcher.match('purple monkey dishwasher');
    expect(result.matched).toBe(false);
    expect(result.intent).toBeNull();
    expect(result.score).toBeLessThan(0.5);
    expect(result.score).not.toBe(1);
    expect(result.candidates.every((c) => c.intent !== 'None')).toBe(true);
  });

  it('lists at most 3 candidates, best first, the first being the score', async () => {
    const result = await matcher.match('how much does shipping cost and when do you open');
    expect(result.candidates.length).toBeGreaterThan(1);
    expect(result.candidates.length).toBeLessThanOrEqual(3);
    expect(result.candidates[0]?.score).toBe(result.score);
    const scores = result.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('leaves empty, blank and emoji-only text unmatched with score 0', async () => {
    for (const text of ['', '   \n\t', '😀🎉', '?!…']) {
      expect(await matcher.match(text)).toEqual({
        intent: null,
        score: 0,
        matched: false,
        candidates: [],
        modelVersion: 'v-test',
      });
    }
  });
});

describe('createIntentMatcher rules', () => {
  const scores = [
    { intent: 'b', score: 0.2 },
    { intent: 'a', score: 0.55 },
    { intent: 'c', score: 0.15 },
    { intent: 'd', score: 0.1 },
    { intent: 'e', score: 0 },
  ];

  it('matches at exactly the threshold and not below it', async () => {
    const at = await createIntentMatcher({ model: fixedModel(scores), threshold: 0.55, version: 'v' }).match(
      'x',
    );
    expect(at).toMatchObject({ intent: 'a', score: 0.55, matched: true });
    const above = await createIntentMatcher({
      model: fixedModel(scores),
      threshold: 0.56,
      version: 'v',
    }).match('x');
    expect(above).toMatchObject({ intent: null, score: 0.55, matched: false });
    expect(above.candidates).toEqual([
      { intent: 'a', score: 0.55 },
      { intent: 'b', score: 0.2 },
      { intent: 'c', score: 0.15 },
    ]);
  });

  it('does not match a zero score even with a zero threshold', async () => {
    const model = fixedModel([{ intent: 'a', score: 0 }]);
    const result = await createIntentMatcher({ model, threshold: 0, version: 'v' }).match('anything');
    expect(result).toMatchObject({ matched: false, intent: null, score: 0, candidates: [] });
  });

  it('does not ask the model about text without letters or digits', async () => {
    const model = fixedModel(scores);
    await createIntentMatcher({ model, threshold: 0.5, version: 'v' }).match('👍');
    expect(model.calls).toEqual([]);
  });

  it('turns a model error into an unmatched result and logs it', async () => {
    const logger = recordingLogger();
    const model = fixedModel(new Error('boom'));
    const result = await createIntentMatcher({ model, threshold: 0.5, version: 'v', logger }).match('hello');
    expect(result).toMatchObject({ matched: false, intent: null, score: 0 });
    expect(logger.entries).toEqual([expect.objectContaining({ level: 'error', event: 'nlu.match_failed' })]);
  });

  it('exposes its version and threshold and refuses a threshold outside [0, 1]', () => {
    const matcher = createIntentMatcher({ model: fixedModel(scores), threshold: 0.7, version: 'abc' });
    expect(matcher).toMatchObject({ version: 'abc', threshold: 0.7 });
    for (const threshold of [-0.1, 1.5, Number.NaN]) {
      let thrown: unknown;
      try {
        createIntentMatcher({ model: fixedModel(scores), threshold, version: 'v' });
      } catch (e) {
        thrown = e;
      }
      expect(isParleyError(thrown, 'config.invalid')).toBe(true);
    }
  });
});
