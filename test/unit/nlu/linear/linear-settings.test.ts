import {
  centroidWeight,
  epochsFor,
  linearSettingsSchema,
  priorCorrectionFor,
  usesDropout,
} from '../../../../src/nlu/linear/linear-settings';

describe('linear settings', () => {
  const defaults = linearSettingsSchema.parse({});

  it('gives small corpora more passes, up to maxEpochs, and large ones minEpochs', () => {
    expect(epochsFor(defaults, 30)).toBe(defaults.maxEpochs);
    expect(epochsFor(defaults, 1_000)).toBe(90);
    expect(epochsFor(defaults, 15_000)).toBe(defaults.minEpochs);
  });

  it('uses feature dropout only for corpora trained in minEpochs passes', () => {
    expect(usesDropout(defaults, 120)).toBe(false);
    expect(usesDropout(defaults, 8_999)).toBe(false);
    expect(usesDropout(defaults, 9_000)).toBe(true);
    expect(usesDropout({ ...defaults, featureDropout: 0 }, 15_000)).toBe(false);
  });

  it('weighs the centroids 0.5 at centroidExamples per intent, more below, none far above', () => {
    expect(centroidWeight(defaults, defaults.centroidExamples)).toBeCloseTo(0.5, 10);
    expect(centroidWeight(defaults, 4)).toBeGreaterThan(0.9);
    expect(centroidWeight(defaults, 30)).toBeLessThan(0.5);
    // CLINC150's 50 or 100 examples per intent: under 0.25, left out.
    expect(centroidWeight(defaults, 50)).toBe(0);
    expect(centroidWeight({ ...defaults, centroidExamples: 0 }, 4)).toBe(0);
  });

  it('corrects intent priors of small corpora with per-intent biases only', () => {
    expect(priorCorrectionFor(defaults, 4)).toBe(1);
    expect(priorCorrectionFor(defaults, 50)).toBe(1);
    // CLINC150 (100 per intent) and SNIPS (~1,900) are left as they are.
    expect(priorCorrectionFor(defaults, 100)).toBe(0);
    expect(priorCorrectionFor({ ...defaults, bias: 'shared' }, 4)).toBe(0);
    expect(priorCorrectionFor({ ...defaults, priorCorrection: 0.5 }, 4)).toBe(0.5);
    expect(() => linearSettingsSchema.parse({ priorCorrection: -1 })).toThrow();
  });
});
