import { createTfIdfVectorizer, fitIdf } from '../../../../src/nlu/linear/tf-idf';

function entries(x: { indices: Int32Array; values: Float32Array }): Map<number, number> {
  return new Map(Array.from(x.indices, (index, i) => [index, x.values[i]!]));
}

describe('fitIdf', () => {
  it('gives unseen buckets the largest weight and counts a bucket once per document', () => {
    const idf = fitIdf(
      [
        { words: new Map([[0, 2]]), chars: new Map([[0, 1]]) },
        { words: new Map([[1, 1]]), chars: new Map() },
      ],
      4,
    );
    expect(idf[0]).toBeCloseTo(Math.log(3 / 2) + 1, 6);
    expect(idf[3]).toBeCloseTo(Math.log(3) + 1, 6);
  });
});

describe('createTfIdfVectorizer', () => {
  const idf = Float32Array.from([1, 2, 3, 4]);

  it('normalises each block to its weight and sums buckets the blocks share', () => {
    const vectorize = createTfIdfVectorizer(4);
    const x = entries(
      vectorize({ words: new Map([[1, 1]]), chars: new Map([[1, 1]]) }, idf, {
        wordWeight: 1,
        charWeight: 0.5,
      }),
    );
    expect(x.size).toBe(1);
    expect(x.get(1)).toBeCloseTo(1.5, 6);
  });

  it('gives the same vector on every call (its scratch space is reset)', () => {
    const vectorize = createTfIdfVectorizer(4);
    const counts = {
      words: new Map([
        [0, 1],
        [2, 2],
      ]),
      chars: new Map([[3, 1]]),
    };
    const weights = { wordWeight: 1, charWeight: 1 };
    const first = entries(vectorize(counts, idf, weights));
    vectorize({ words: new Map([[2, 5]]), chars: new Map() }, idf, weights);
    expect(entries(vectorize(counts, idf, weights))).toEqual(first);
    const words = Math.hypot(first.get(0)!, first.get(2)!);
    expect(words).toBeCloseTo(1, 6);
    expect(first.get(2)! / first.get(0)!).toBeCloseTo(((1 + Math.log(2)) * 3) / 1, 5);
    expect(first.get(3)).toBeCloseTo(1, 6);
  });
});
