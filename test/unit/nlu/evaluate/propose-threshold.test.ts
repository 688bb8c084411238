import { proposeThreshold } from '../../../../src/nlu/evaluate';
import type { ScoredItem } from '../../../../src/nlu/evaluate';

const item = (expected: string | null, intent: string, score: number): ScoredItem => ({
  text: `${score}`,
  expected,
  intent,
  score,
});

// Sorted by score: right answers on top, then a mix, then mostly wrong ones.
const items: ScoredItem[] = [
  item('a', 'a', 0.95),
  item('b', 'b', 0.9),
  item('a', 'a', 0.85),
  item('b', 'b', 0.8),
  item(null, 'a', 0.7), // out of scope, would match
  item('a', 'a', 0.6),
  item('b', 'a', 0.5), // wrong intent
  item(null, 'b', 0.4),
  item('a', 'a', 0.3),
  item(null, 'b', 0.2),
];

describe('proposeThreshold', () => {
  it('proposes the lowest threshold whose matches reach the target precision', () => {
    // At 0.8: 4/4 right; at 0.7: 4/5 = 0.8; at 0.6: 5/6 ≈ 0.83; at 0.5: 5/7 ≈ 0.71.
    const p = proposeThreshold(items, { targetPrecision: 0.8 });
    expect(p.threshold).toBe(0.6);
    expect(p.met).toBe(true);
    expect(p.precision).toBeCloseTo(5 / 6);
    expect(p.inScopeAccuracy).toBeCloseTo(5 / 7);
    expect(p.oosRecall).toBeCloseTo(2 / 3);
  });

  it('proposes the threshold with only correct matches for a target of 1', () => {
    expect(proposeThreshold(items, { targetPrecision: 1 }).threshold).toBe(0.8);
  });

  it('matches everything when every threshold meets the target', () => {
    const p = proposeThreshold(items, { targetPrecision: 0.5 });
    expect(p.threshold).toBe(0.2);
    expect(p.inScopeAccuracy).toBeCloseTo(6 / 7);
  });

  it('says so when no threshold reaches the target, and proposes matching nothing', () => {
    const hopeless = [item('a', 'b', 0.9), item('a', 'a', 0.5), item(null, 'a', 0.4)];
    const p = proposeThreshold(hopeless, { targetPrecision: 0.9 });
    expect(p.met).toBe(false);
    // Only matching nothing avoids wrong answers here.
    expect(p.threshold).toBeGreaterThan(0.9);
  });

  it('treats items sharing a score as one step', () => {
    const tied = [item('a', 'a', 0.8), item(null, 'a', 0.8), item('a', 'a', 0.9)];
    // 0.8 matches both tied items at once: precision 2/3.
    expect(proposeThreshold(tied, { targetPrecision: 0.7 }).threshold).toBe(0.9);
  });
});
