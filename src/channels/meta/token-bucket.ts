/** Options of {@link createTokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second, per key. */
  readonly ratePerSecond: number;
  /** Bucket size: how many calls may go at once after a quiet period. */
  readonly burst: number;
  /** Clock in epoch ms (injectable for tests). */
  readonly now?: () => number;
}

/** Per-key token buckets (one per page: Meta rate-limits per page). */
export interface TokenBucket {
  /**
   * Takes a token for `key` when one is available and returns 0; otherwise takes nothing and returns
   * the milliseconds to wait before a token will be available (call again then).
   */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets idle long enough to be full again are dropped beyond this many keys. */
const PRUNE_ABOVE = 10_000;

/**
 * Creates per-key token buckets: each key starts full (`burst` tokens) and refills at
 * `ratePerSecond`. Pure apart from the injected clock; no timers.
 * @throws RangeError when `ratePerSecond` or `burst` is not a positive number.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond, burst } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new RangeError('createTokenBucket needs ratePerSecond > 0 and burst >= 1');
  }
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const perMs = ratePerSecond / 1000;

  const refill = (bucket: Bucket, at: number): void => {
    const elapsed = Math.max(0, at - bucket.updatedAt);
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMs);
    bucket.updatedAt = at;
  };

  const prune = (at: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= burst) buckets.delete(key);
    }
  };

  return {
    take(key: string): number {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= PRUNE_ABOVE) prune(at);
        bucket = { tokens: burst, updatedAt: at };
        buckets.set(key, bucket);
      }
      refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs));
    },
  };
}
