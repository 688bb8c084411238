import { stratifiedFolds } from '../../../../src/nlu/evaluate';

const items = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, label: 'a' })),
  ...Array.from({ length: 6 }, (_, i) => ({ id: `b${i}`, label: 'b' })),
  ...Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, label: 'c' })),
];

describe('stratifiedFolds', () => {
  const folds = stratifiedFolds(items, (i) => i.label, { folds: 3, seed: 1 });

  it('puts every item in exactly one test set, and the rest in its training set', () => {
    expect(folds).toHaveLength(3);
    const tested = folds.flatMap((f) => f.test.map((i) => i.id)).sort();
    expect(tested).toEqual(items.map((i) => i.id).sort());
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(items.length);
      const inTest = new Set(fold.test);
      expect(fold.train.some((i) => inTest.has(i))).toBe(false);
    }
  });

  it('gives each fold its share of every label, and sizes that differ by at most one', () => {
    for (const fold of folds) {
      const count = (label: string) => fold.test.filter((i) => i.label === label).length;
      expect([3, 4]).toContain(count('a'));
      expect(count('b')).toBe(2);
      expect(count('c')).toBe(1);
    }
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is deterministic for a seed and shuffles differently for another', () => {
    const ids = (f: typeof folds) => f.map((fold) => fold.test.map((i) => i.id));
    expect(ids(stratifiedFolds(items, (i) => i.label, { folds: 3, seed: 1 }))).toEqual(ids(folds));
    expect(ids(stratifiedFolds(items, (i) => i.label, { folds: 3, seed: 2 }))).not.toEqual(ids(folds));
  });

  it('keeps duplicate items apart', () => {
    const same = { id: 'x', label: 'a' };
    const split = stratifiedFolds([same, same], (i) => i.label, { folds: 2, seed: 1 });
    expect(split.map((f) => f.test.length)).toEqual([1, 1]);
  });
});
