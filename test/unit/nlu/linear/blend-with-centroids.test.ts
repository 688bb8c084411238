import { blendWithCentroids } from '../../../../src/nlu/linear/blend-with-centroids';

describe('blendWithCentroids', () => {
  it('keeps the best score but lets the centroids decide which intent gets it', () => {
    const scores = Float64Array.from([0.6, 0.5, 0.1]);
    const similarities = Float32Array.from([0.1, 0.9, 0.2]);
    const blended = blendWithCentroids(scores, similarities, 0.7);
    expect(Math.max(...blended)).toBeCloseTo(0.6, 10);
    expect(blended[1]).toBeCloseTo(0.6, 10);
    expect(blended[0]!).toBeLessThan(blended[1]!);
    expect(blended[2]!).toBeLessThan(blended[0]!);
  });

  it('changes nothing with weight 0, without similarity or without any score', () => {
    const scores = Float64Array.from([0.6, 0.5]);
    expect(blendWithCentroids(scores, Float32Array.from([0, 1]), 0)).toBe(scores);
    expect(blendWithCentroids(scores, Float32Array.from([0, -0.2]), 0.7)).toBe(scores);
    const none = Float64Array.from([0, 0]);
    expect(blendWithCentroids(none, Float32Array.from([0.3, 0.1]), 0.7)).toBe(none);
  });

  it('with a small weight, follows the linear model', () => {
    const blended = blendWithCentroids(Float64Array.from([0.6, 0.5]), Float32Array.from([0.1, 0.9]), 0.1);
    expect(blended[0]).toBeCloseTo(0.6, 10);
    expect(blended[1]!).toBeLessThan(0.6);
  });
});
