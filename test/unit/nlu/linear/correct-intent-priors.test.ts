import { correctIntentPriors } from '../../../../src/nlu/linear/correct-intent-priors';

describe('correctIntentPriors', () => {
  it('lowers frequent intents and raises rare ones by strength × (ln n − mean ln n)', () => {
    const bias = Float32Array.from([1, 2, 0.5, 0]);
    const corrected = correctIntentPriors(bias, [4, 1, 16], 1);
    const mean = (Math.log(4) + Math.log(1) + Math.log(16)) / 3;
    expect(corrected[0]).toBeCloseTo(1 - (Math.log(4) - mean), 5);
    expect(corrected[1]).toBeCloseTo(2 - (0 - mean), 5);
    expect(corrected[2]).toBeCloseTo(0.5 - (Math.log(16) - mean), 5);
    // The background class keeps its bias, and the intents' mean bias does not move.
    expect(corrected[3]).toBe(0);
    expect(corrected[0]! + corrected[1]! + corrected[2]!).toBeCloseTo(3.5, 5);
    // The input is left as it is.
    expect([...bias]).toEqual([1, 2, 0.5, 0]);
  });

  it('scales with strength and changes nothing for equal counts or strength 0', () => {
    const bias = Float32Array.from([1, 2, 0]);
    const full = correctIntentPriors(bias, [2, 8], 1);
    const half = correctIntentPriors(bias, [2, 8], 0.5);
    expect(half[0]! - 1).toBeCloseTo((full[0]! - 1) / 2, 5);
    expect([...correctIntentPriors(bias, [5, 5], 1)]).toEqual([1, 2, 0]);
    expect([...correctIntentPriors(bias, [2, 8], 0)]).toEqual([1, 2, 0]);
  });
});
