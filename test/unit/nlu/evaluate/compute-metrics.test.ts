import { computeMetrics } from '../../../../src/nlu/evaluate';
import type { ScoredItem } from '../../../../src/nlu/evaluate';

const item = (
  expected: string | null,
  intent: string,
  score: number,
  text = `${expected}->${intent}@${score}`,
): ScoredItem => ({
  text,
  expected,
  intent,
  score,
});

// 6 in-scope items (a ×3, b ×3) and 2 out-of-scope items.
const items: ScoredItem[] = [
  item('a', 'a', 0.9),
  item('a', 'a', 0.8),
  item('a', 'b', 0.7), // confused a → b
  item('b', 'b', 0.9),
  item('b', 'b', 0.3), // unmatched at 0.5
  item('b', 'a', 0.6), // confused b → a
  item(null, 'a', 0.4), // correctly unmatched at 0.5
  item(null, 'b', 0.8), // out of scope, wrongly matched
];

describe('computeMetrics', () => {
  const m = computeMetrics(items, { threshold: 0.5 });

  it('counts unmatched in-scope items as wrong in the in-scope accuracy', () => {
    expect(m.inScopeCount).toBe(6);
    expect(m.inScopeAccuracy).toBeCloseTo(3 / 6);
  });

  it('measures out-of-scope recall and the precision of matches', () => {
    expect(m.outOfScopeCount).toBe(2);
    expect(m.oosRecall).toBeCloseTo(1 / 2);
    // Matched: 0.9 a, 0.8 a, 0.7 b(wrong), 0.9 b, 0.6 a(wrong), 0.8 b(oos, wrong) → 3 of 6.
    expect(m.matchPrecision).toBeCloseTo(3 / 6);
  });

  it('computes per-intent precision, recall and macro-F1', () => {
    const [a, b] = m.perIntent;
    // a: answered 3 times (2 right, 1 from b), expected 3 times (2 right).
    expect(a).toMatchObject({ intent: 'a', support: 3 });
    expect(a!.precision).toBeCloseTo(2 / 3);
    expect(a!.recall).toBeCloseTo(2 / 3);
    // b: answered 3 times (1 right: the 0.9; the 0.7 from a, the 0.8 out-of-scope), expected 3 (1 right).
    expect(b!.precision).toBeCloseTo(1 / 3);
    expect(b!.recall).toBeCloseTo(1 / 3);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 1 / 3) / 2);
  });

  it('lists the most confused pairs, most frequent first', () => {
    const pairs = computeMetrics([...items, item('a', 'b', 0.95, 'again')], { threshold: 0.5 }).confusions;
    expect(pairs[0]).toMatchObject({ expected: 'a', predicted: 'b', count: 2 });
    expect(pairs[0]!.examples).toContain('again');
    expect(pairs.map((p) => [p.expected, p.predicted])).toEqual(
      expect.arrayContaining([
        ['b', null],
        ['b', 'a'],
        [null, 'b'],
      ]),
    );
    expect(pairs.some((p) => p.expected === p.predicted)).toBe(false);
  });

  it('has no out-of-scope recall without out-of-scope items', () => {
    const inOnly = computeMetrics(
      items.filter((i) => i.expected !== null),
      { threshold: 0 },
    );
    expect(inOnly.oosRecall).toBeNull();
    expect(inOnly.inScopeAccuracy).toBeCloseTo(4 / 6);
  });
});
