/** One split of a k-fold cross-validation. */
export interface Fold<T> {
  readonly train: T[];
  readonly test: T[];
}

/** Options of {@link stratifiedFolds}. */
export interface FoldOptions {
  /** Number of folds, at least 2. */
  readonly folds: number;
  readonly seed: number;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits `items` into `folds` train/test pairs; every item is in exactly one test set. Stratified: the
 * items of each label (`labelOf`) are shuffled (seeded, so the same seed gives the same folds) and dealt
 * round-robin, continuing where the previous label stopped, so each fold gets its share of every label
 * and fold sizes differ by at most one. A label with fewer items than folds is missing from some test sets.
 */
export function stratifiedFolds<T>(
  items: readonly T[],
  labelOf: (item: T) => string,
  options: FoldOptions,
): Fold<T>[] {
  const k = Math.max(2, Math.floor(options.folds));
  const random = seededRandom(options.seed);
  const byLabel = new Map<string, number[]>();
  items.forEach((item, index) => {
    const label = labelOf(item);
    const group = byLabel.get(label) ?? [];
    group.push(index);
    byLabel.set(label, group);
  });
  const foldOf = new Int32Array(items.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const group = byLabel.get(label) ?? [];
    for (let i = group.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    for (const index of group) {
      foldOf[index] = next;
      next = (next + 1) % k;
    }
  }
  return Array.from({ length: k }, (_, fold) => ({
    test: items.filter((_item, index) => foldOf[index] === fold),
    train: items.filter((_item, index) => foldOf[index] !== fold),
  }));
}
