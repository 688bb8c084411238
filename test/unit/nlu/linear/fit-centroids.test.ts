import { fitCentroids } from '../../../../src/nlu/linear/fit-centroids';
import type { TrainingSample } from '../../../../src/nlu/linear/softmax-regression';

const sample = (indices: number[], values: number[], y: number): TrainingSample => ({
  x: { indices: Int32Array.from(indices), values: Float32Array.from(values) },
  y,
});

describe('fitCentroids', () => {
  it('sums each intent’s vectors, normalises the columns and ignores background samples', () => {
    const matrix = fitCentroids(
      [sample([0, 1], [1, 1], 0), sample([1], [2], 0), sample([2], [1], 1), sample([3], [5], 2)],
      4,
      2,
    );
    // Intent 0: (1, 3, 0, 0) / √10; intent 1: (0, 0, 1, 0); the background sample (y = 2) is left out.
    expect(matrix[0 * 2 + 0]).toBeCloseTo(1 / Math.sqrt(10), 6);
    expect(matrix[1 * 2 + 0]).toBeCloseTo(3 / Math.sqrt(10), 6);
    expect(matrix[2 * 2 + 1]).toBeCloseTo(1, 6);
    expect(matrix[3 * 2 + 0]).toBe(0);
    expect(matrix[3 * 2 + 1]).toBe(0);
  });

  it('leaves an intent without samples at zero', () => {
    const matrix = fitCentroids([sample([0], [1], 0)], 2, 2);
    expect(Array.from(matrix)).toEqual([1, 0, 0, 0]);
  });
});
