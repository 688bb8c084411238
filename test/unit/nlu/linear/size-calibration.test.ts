import { linearSettingsSchema } from '../../../../src/nlu/linear/linear-settings';
import { scoreExponentFor, sizeMatchedThreshold } from '../../../../src/nlu/linear/size-calibration';

describe('size calibration', () => {
  const defaults = linearSettingsSchema.parse({});
  const calibration = { intercept: -3, examplesPower: 0.7, intentsPower: -0.4, minIntents: 4 };
  const settings = { ...defaults, sizeCalibration: calibration };
  const shape = (intents: number, examplesPerIntent: number, dropout = false) => ({
    intents,
    examplesPerIntent,
    dropout,
  });

  it('follows the power law: more examples raise the matched threshold, more intents lower it', () => {
    const t = sizeMatchedThreshold(calibration, 8, 10);
    expect(t).toBeCloseTo(Math.exp(-3 + 0.7 * Math.log(10) - 0.4 * Math.log(8)), 12);
    expect(sizeMatchedThreshold(calibration, 8, 20)).toBeGreaterThan(t);
    expect(sizeMatchedThreshold(calibration, 16, 10)).toBeLessThan(t);
  });

  it('maps the matched threshold of a small bot onto the shipped one, keeping 0 and 1', () => {
    const gamma = scoreExponentFor(settings, 0.2, shape(8, 5));
    const t = sizeMatchedThreshold(calibration, 8, 5);
    expect(gamma).toBeGreaterThan(0);
    expect(gamma).toBeLessThan(1);
    expect(t ** gamma).toBeCloseTo(0.2, 12);
    expect(0 ** gamma).toBe(0);
    expect(1 ** gamma).toBe(1);
    // Fewer examples per intent: scores are stretched more.
    expect(scoreExponentFor(settings, 0.2, shape(8, 3))).toBeLessThan(gamma);
  });

  it('never makes a model stricter, and leaves dropout models and disabled calibration alone', () => {
    // Many examples of few intents: the matched threshold is above 0.2, the shipped threshold is kept.
    expect(sizeMatchedThreshold(calibration, 2, 200)).toBeGreaterThan(0.2);
    expect(scoreExponentFor(settings, 0.2, shape(2, 200))).toBe(1);
    expect(scoreExponentFor(settings, 0.2, shape(8, 5, true))).toBe(1);
    expect(scoreExponentFor({ ...settings, sizeCalibration: null }, 0.2, shape(8, 5))).toBe(1);
    expect(scoreExponentFor(settings, 0, shape(8, 5))).toBe(1);
    // Bots of 2–3 intents are confident enough uncalibrated.
    expect(sizeMatchedThreshold(calibration, 3, 3)).toBeLessThan(0.2);
    expect(scoreExponentFor(settings, 0.2, shape(3, 3))).toBe(1);
  });

  it('stretches scores no further than a matched threshold of 0.02', () => {
    const tiny = scoreExponentFor(settings, 0.2, shape(1000, 1));
    expect(tiny).toBeCloseTo(Math.log(0.2) / Math.log(0.02), 12);
  });

  it('validates its coefficients', () => {
    expect(linearSettingsSchema.parse({ sizeCalibration: null }).sizeCalibration).toBeNull();
    expect(() => linearSettingsSchema.parse({ sizeCalibration: { intercept: 'x' } })).toThrow();
  });
});
