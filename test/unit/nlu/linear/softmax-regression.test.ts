import { trainSoftmaxRegression } from '../../../../src/nlu/linear/softmax-regression';
import type { TrainingSample } from '../../../../src/nlu/linear/softmax-regression';

/** Two intents over 8 features: 0–3 speak for class 0, 4–7 for class 1; class 2 is the background. */
function samples(): TrainingSample[] {
  const vector = (indices: number[]): TrainingSample['x'] => ({
    indices: Int32Array.from(indices),
    values: Float32Array.from(indices, () => 1 / Math.sqrt(indices.length)),
  });
  return [
    { x: vector([0, 1, 2]), y: 0 },
    { x: vector([1, 2, 3]), y: 0 },
    { x: vector([0, 3]), y: 0 },
    { x: vector([4, 5, 6]), y: 1 },
    { x: vector([5, 6, 7]), y: 1 },
    { x: vector([4, 7]), y: 1 },
  ];
}

const options = { dims: 8, classes: 3, epochs: 50, learningRate: 1, seed: 3, bias: 'perClass' as const };

describe('trainSoftmaxRegression', () => {
  it('trains the same weights with feature dropout 0 as without the option', async () => {
    const plain = await trainSoftmaxRegression(samples(), options);
    const zero = await trainSoftmaxRegression(samples(), { ...options, featureDropout: 0 });
    expect(zero.weights).toEqual(plain.weights);
    expect(zero.bias).toEqual(plain.bias);
  });

  it('with feature dropout: deterministic, unlike whole-vector training, still separating', async () => {
    const plain = await trainSoftmaxRegression(samples(), options);
    const a = await trainSoftmaxRegression(samples(), { ...options, featureDropout: 0.5 });
    const b = await trainSoftmaxRegression(samples(), { ...options, featureDropout: 0.5 });
    expect(a.weights).toEqual(b.weights);
    expect(a.weights).not.toEqual(plain.weights);
    // Each single feature now carries its class on its own: weight of its class above the other's.
    for (let f = 0; f < 8; f += 1) {
      const own = f < 4 ? 0 : 1;
      expect(a.weights[f * 3 + own]!).toBeGreaterThan(a.weights[f * 3 + (1 - own)]!);
    }
    // The background class stays frozen at zero.
    for (let f = 0; f < 8; f += 1) expect(a.weights[f * 3 + 2]).toBe(0);
    expect(a.bias[2]).toBe(0);
  });
});
