import { ParleyError } from '../../../../src/core';
import { createLinearEngine, LINEAR_DEFAULT_THRESHOLD } from '../../../../src/nlu/linear';
import { outOfScopeTexts, toyCorpus } from './toy-corpus';

async function bestOf(
  model: { classify(text: string): Promise<readonly { intent: string; score: number }[]> },
  text: string,
) {
  const scores = await model.classify(text);
  return scores[0]!;
}

describe('createLinearEngine', () => {
  it('separates the toy intents on unseen paraphrases', async () => {
    const model = await createLinearEngine().train(toyCorpus);
    const cases: [string, string][] = [
      ['hello, good morning bot', 'greeting'],
      ['could I order a pepperoni pizza', 'order.pizza'],
      ['is it going to rain today', 'weather'],
      ['cancel my pizza delivery order please', 'order.cancel'],
    ];
    for (const [text, intent] of cases) {
      const best = await bestOf(model, text);
      expect(best.intent).toBe(intent);
      expect(best.score).toBeGreaterThanOrEqual(LINEAR_DEFAULT_THRESHOLD);
    }
  });

  it('returns every intent once, with scores in [0, 1], best first', async () => {
    const model = await createLinearEngine().train(toyCorpus);
    const scores = await model.classify('I want a pizza');
    expect(scores.map((s) => s.intent).sort()).toEqual([
      'greeting',
      'order.cancel',
      'order.pizza',
      'weather',
    ]);
    for (const { score } of scores) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    const values = scores.map((s) => s.score);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('gives identical scores after a serialize/load round trip', async () => {
    const engine = createLinearEngine();
    const model = await engine.train(toyCorpus);
    const loaded = await engine.load(model.serialize());
    for (const text of ['hello', 'cancel the pizza', 'rain tomorrow?', ...outOfScopeTexts]) {
      expect(await loaded.classify(text)).toEqual(await model.classify(text));
    }
    expect(loaded.serialize()).toBe(model.serialize());
  });

  it('is deterministic: the same corpus gives the same model', async () => {
    const a = await createLinearEngine().train(toyCorpus);
    const b = await createLinearEngine().train(toyCorpus);
    expect(a.serialize()).toBe(b.serialize());
    const c = await createLinearEngine({ seed: 7 }).train(toyCorpus);
    expect(c.serialize()).not.toBe(a.serialize());
  });

  it('scores out-of-scope texts below the default threshold, without calibration by bot size', async () => {
    const model = await createLinearEngine({ sizeCalibration: null }).train(toyCorpus);
    for (const text of outOfScopeTexts) {
      expect((await bestOf(model, text)).score).toBeLessThan(LINEAR_DEFAULT_THRESHOLD);
    }
    // No feature at all is no evidence for any intent.
    for (const text of ['', '?!']) expect((await bestOf(model, text)).score).toBe(0);
  });

  it('uses negatives to lower the scores of similar out-of-scope texts', async () => {
    const negatives = ['my laptop keeps crashing', 'who won the football game', 'explain black holes to me'];
    const without = await createLinearEngine().train(toyCorpus);
    const withNegatives = await createLinearEngine().train({ ...toyCorpus, negatives });
    const probes = ['my phone keeps crashing', 'who won the tennis game', 'explain black holes'];
    for (const text of probes) {
      expect((await bestOf(withNegatives, text)).score).toBeLessThan((await bestOf(without, text)).score);
    }
    // In-scope messages still match.
    expect((await bestOf(withNegatives, 'order a pizza please')).intent).toBe('order.pizza');
  });

  it('favours no intent a priori with a shared bias, the most frequent one with uncorrected per-intent biases', async () => {
    const imbalanced = {
      locale: 'en',
      examples: [
        ...[
          'book a table',
          'reserve a table for two',
          'table for four tonight',
          'book dinner',
          'a table please',
        ].map((text) => ({ text, intent: 'booking' })),
        { text: 'what are your opening hours', intent: 'hours' },
      ],
    };
    // Only hash buckets no training text has: the logits are the biases alone.
    const unseen = 'qqxj';
    const perClass = await createLinearEngine({ priorCorrection: 0 }).train(imbalanced);
    const [top, other] = await perClass.classify(unseen);
    expect(top!.intent).toBe('booking');
    expect(top!.score).toBeGreaterThan(other!.score);
    const shared = await createLinearEngine({ bias: 'shared' }).train(imbalanced);
    const scores = (await shared.classify(unseen)).map((s) => s.score);
    expect(scores[0]).toBeCloseTo(scores[1]!, 6);
    expect((await bestOf(shared, 'book a table for six')).intent).toBe('booking');
  });

  it('corrects per-intent biases of small corpora toward a uniform prior, by example counts', async () => {
    const imbalanced = {
      ...toyCorpus,
      // 6 greetings, 6 cancellations, 2 pizza orders and 1 weather question.
      examples: [
        ...toyCorpus.examples.filter((e) => e.intent === 'greeting' || e.intent === 'order.cancel'),
        ...toyCorpus.examples.filter((e) => e.intent === 'order.pizza').slice(0, 2),
        ...toyCorpus.examples.filter((e) => e.intent === 'weather').slice(0, 1),
      ],
    };
    const biasOf = (model: { serialize(): string }): number[] => {
      const payload = JSON.parse(model.serialize()) as { bias: string };
      return [...new Float32Array(Uint8Array.from(Buffer.from(payload.bias, 'base64')).buffer)];
    };
    const corrected = await createLinearEngine().train(imbalanced);
    const raw = await createLinearEngine({ priorCorrection: 0 }).train(imbalanced);
    // Intents in column order: greeting, order.cancel, order.pizza, weather; then the background class.
    const logs = [6, 6, 2, 1].map((n) => Math.log(n));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const [a, b] = [biasOf(corrected), biasOf(raw)];
    logs.forEach((value, c) => expect(a[c]).toBeCloseTo(b[c]! - (value - mean), 5));
    expect(a[4]).toBe(0);
    // Only the biases differ: the model round-trips, and messages still find their intents.
    const loaded = await createLinearEngine().load(corrected.serialize());
    expect(await loaded.classify('is it going to rain today')).toEqual(
      await corrected.classify('is it going to rain today'),
    );
    expect((await bestOf(corrected, 'is it going to rain today')).intent).toBe('weather');
    expect((await bestOf(corrected, 'cancel my pizza delivery order please')).intent).toBe('order.cancel');
    // Not above priorCorrectionMaxExamples per intent, nor for other bias modes.
    const large = await createLinearEngine({ priorCorrectionMaxExamples: 3 }).train(imbalanced);
    expect(biasOf(large)).toEqual(b);
    // Equal counts: nothing to correct.
    const balanced = await createLinearEngine().train(toyCorpus);
    expect(biasOf(balanced)).toEqual(
      biasOf(await createLinearEngine({ priorCorrection: 0 }).train(toyCorpus)),
    );
  });

  it('loads models saved before the prior correction existed', async () => {
    const model = await createLinearEngine().train(toyCorpus);
    const payload = JSON.parse(model.serialize()) as { settings: Record<string, unknown> };
    const { priorCorrection: _p, priorCorrectionMaxExamples: _m, ...oldSettings } = payload.settings;
    const old = await createLinearEngine().load(JSON.stringify({ ...payload, settings: oldSettings }));
    expect(await old.classify('cancel the pizza')).toEqual(await model.classify('cancel the pizza'));
  });

  it('uses dropout and scaled logits only for corpora trained in minEpochs passes', async () => {
    const model = await createLinearEngine().train(toyCorpus);
    // The toy corpus needs many passes: no dropout, no logit scale.
    expect(JSON.parse(model.serialize())).not.toHaveProperty('logitScale');
    const whole = await createLinearEngine({ featureDropout: 0 }).train(toyCorpus);
    expect(await model.classify('cancel the pizza')).toEqual(await whole.classify('cancel the pizza'));
    // targetUpdates 0: every corpus counts as large enough for minEpochs passes.
    const engine = createLinearEngine({ targetUpdates: 0, minEpochs: 60 });
    const large = await engine.train(toyCorpus);
    expect(JSON.parse(large.serialize())).toMatchObject({ logitScale: 0.92 });
    expect((await bestOf(large, 'could I order a pepperoni pizza')).intent).toBe('order.pizza');
    expect((await bestOf(large, 'is it going to rain today')).intent).toBe('weather');
    expect((await engine.train(toyCorpus)).serialize()).toBe(large.serialize());
    const noDropout = await createLinearEngine({ targetUpdates: 0, minEpochs: 60, featureDropout: 0 }).train(
      toyCorpus,
    );
    expect(JSON.parse(noDropout.serialize())).not.toHaveProperty('logitScale');
    expect(await large.classify('cancel the pizza')).not.toEqual(
      await noDropout.classify('cancel the pizza'),
    );
    const loaded = await engine.load(large.serialize());
    expect(await loaded.classify('cancel the pizza')).toEqual(await large.classify('cancel the pizza'));
    expect(() => createLinearEngine({ featureDropout: 1 })).toThrow();
  });

  it('blends centroids into the ranking of small corpora, keeping the best score', async () => {
    const withCentroids = await createLinearEngine().train(toyCorpus);
    const payload = JSON.parse(withCentroids.serialize()) as { centroids?: { weight: number } };
    // 6 examples per intent: the centroids weigh 1 / (1 + (6 / 25)²).
    expect(payload.centroids?.weight).toBeCloseTo(1 / (1 + (6 / 25) ** 2), 6);
    const without = await createLinearEngine({ centroidExamples: 0 }).train(toyCorpus);
    expect(JSON.parse(without.serialize())).not.toHaveProperty('centroids');
    for (const text of ['could I order a pepperoni pizza', 'rain tomorrow?', ...outOfScopeTexts]) {
      const [a, b] = [await withCentroids.classify(text), await without.classify(text)];
      expect(a[0]!.score).toBeCloseTo(b[0]!.score, 10);
    }
    const loaded = await createLinearEngine().load(withCentroids.serialize());
    expect(await loaded.classify('cancel the pizza')).toEqual(
      await withCentroids.classify('cancel the pizza'),
    );
    const broken = JSON.stringify({ ...payload, centroids: { ...payload.centroids, codes: 'AAAA' } });
    await expect(createLinearEngine().load(broken)).rejects.toMatchObject({ code: 'nlu.model_corrupt' });
  });

  it('stretches the scores of small bots by their size, keeping the order and the round trip', async () => {
    // 4 intents × 6 examples: far below the bot size at which the shipped threshold costs one point.
    const raw = await createLinearEngine({ sizeCalibration: null }).train(toyCorpus);
    const calibrated = await createLinearEngine().train(toyCorpus);
    const payload = JSON.parse(calibrated.serialize()) as { scoreExponent?: number };
    expect(payload.scoreExponent).toBeGreaterThan(0.4);
    expect(payload.scoreExponent).toBeLessThan(1);
    expect(JSON.parse(raw.serialize())).not.toHaveProperty('scoreExponent');
    for (const text of ['cancel my pizza delivery order please', ...outOfScopeTexts]) {
      const [a, b] = [await raw.classify(text), await calibrated.classify(text)];
      expect(b.map((s) => s.intent)).toEqual(a.map((s) => s.intent));
      expect(b[0]!.score).toBeCloseTo(a[0]!.score ** payload.scoreExponent!, 6);
    }
    // In-scope paraphrases still score above every out-of-scope text.
    const inScope = (await bestOf(calibrated, 'cancel my pizza delivery order please')).score;
    for (const text of outOfScopeTexts) expect((await bestOf(calibrated, text)).score).toBeLessThan(inScope);
    const loaded = await createLinearEngine().load(calibrated.serialize());
    expect(await loaded.classify('cancel the pizza')).toEqual(await calibrated.classify('cancel the pizza'));
  });

  it('applies the stored logit scale: a smaller one lowers certainty, keeps the order', async () => {
    const engine = createLinearEngine();
    const model = await engine.train(toyCorpus);
    const payload = JSON.parse(model.serialize()) as Record<string, unknown>;
    const cooled = await engine.load(JSON.stringify({ ...payload, logitScale: 0.5 }));
    const text = 'could I order a pepperoni pizza';
    const [a, b] = [await model.classify(text), await cooled.classify(text)];
    expect(b.map((s) => s.intent)).toEqual(a.map((s) => s.intent));
    expect(b[0]!.score).toBeLessThan(a[0]!.score);
    await expect(engine.load(JSON.stringify({ ...payload, logitScale: -1 }))).rejects.toMatchObject({
      code: 'nlu.model_corrupt',
    });
  });

  it('reports training progress up to completion', async () => {
    const calls: [number, number][] = [];
    await createLinearEngine().train(toyCorpus, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(1);
    const [done, total] = calls[calls.length - 1]!;
    expect(done).toBe(total);
  });

  it('keys its settings on the hyper-parameters', () => {
    expect(createLinearEngine().settingsKey).toBe(createLinearEngine({}).settingsKey);
    expect(createLinearEngine({ charMaxN: 4 }).settingsKey).not.toBe(createLinearEngine().settingsKey);
    expect(createLinearEngine({ featureDropout: 0.5 }).settingsKey).not.toBe(
      createLinearEngine().settingsKey,
    );
    expect(createLinearEngine({ priorCorrection: 0 }).settingsKey).not.toBe(createLinearEngine().settingsKey);
    expect(createLinearEngine({ sizeCalibration: null }).settingsKey).not.toBe(
      createLinearEngine().settingsKey,
    );
    expect(createLinearEngine().name).toBe('linear');
  });

  it('refuses an empty corpus and corrupt models with stable codes', async () => {
    const engine = createLinearEngine();
    await expect(engine.train({ locale: 'en', examples: [] })).rejects.toMatchObject({
      code: 'intents.empty',
    });
    for (const broken of ['not json', '{"format":"parley.linear"}']) {
      await expect(engine.load(broken)).rejects.toBeInstanceOf(ParleyError);
      await expect(engine.load(broken)).rejects.toMatchObject({ code: 'nlu.model_corrupt' });
    }
    const model = await engine.train(toyCorpus);
    const payload = JSON.parse(model.serialize()) as { codes: string };
    const truncated = JSON.stringify({ ...payload, codes: payload.codes.slice(0, 8) });
    await expect(engine.load(truncated)).rejects.toMatchObject({ code: 'nlu.model_corrupt' });
  });

  it('averages with NLP.js when the ensemble is enabled, and round-trips it', async () => {
    const engine = createLinearEngine({ nlpjsEnsembleMaxCost: 1_000_000 });
    const model = await engine.train(toyCorpus);
    expect(JSON.parse(model.serialize())).toHaveProperty('nlpjs');
    expect((await bestOf(model, 'could I order a pepperoni pizza')).intent).toBe('order.pizza');
    const loaded = await engine.load(model.serialize());
    for (const text of ['hello', 'cancel the pizza', ...outOfScopeTexts]) {
      expect(await loaded.classify(text)).toEqual(await model.classify(text));
    }
    // Off by default: the default model has no NLP.js half.
    expect(JSON.parse((await createLinearEngine().train(toyCorpus)).serialize())).not.toHaveProperty('nlpjs');
  });

  it('trains on a locale without a stemmer', async () => {
    const model = await createLinearEngine().train({
      locale: 'fr',
      examples: [
        { text: 'je veux commander une pizza', intent: 'pizza' },
        { text: 'une pizza margherita, s’il vous plaît', intent: 'pizza' },
        { text: 'quel temps fait-il aujourd’hui', intent: 'météo' },
        { text: 'va-t-il pleuvoir demain', intent: 'météo' },
      ],
    });
    expect((await bestOf(model, 'commander des pizzas')).intent).toBe('pizza');
    expect((await bestOf(model, 'il va pleuvoir ?')).intent).toBe('météo');
  });
});
