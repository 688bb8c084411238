/** Options of {@link createRefusalLimiter}. */
export interface RefusalLimiterOptions {
  /** Length of a client's window, from its first counted refusal; default 60 000 ms. */
  readonly windowMs?: number;
  /** Refusals a client may collect in one window before it is blocked; default 60. */
  readonly limit?: number;
  readonly now?: () => number;
}

/**
 * Counts refused requests (bad signatures, bad bodies) per client and blocks a client that collected
 * too many: see {@link createRefusalLimiter}.
 */
export interface RefusalLimiter {
  /**
   * False when no client has a refusal on record (then nobody is blocked): lets callers skip working
   * out a request's client key on the hot path.
   */
  isTracking(): boolean;
  /** True while `client` has `limit` or more refusals in its current window. */
  isBlocked(client: string): boolean;
  /** Counts one refused request of `client`. */
  countRefusal(client: string): void;
}

interface Window {
  count: number;
  readonly resetAt: number;
}

/**
 * A per-client limiter that counts only refusals, so accepted traffic (signed Meta webhooks) is never
 * counted, never slowed and never dropped — the check on an accepted request is one map lookup —
 * while someone probing with forged requests is cut off for the rest of their window. Fixed windows,
 * in memory (per process); expired windows are swept as new refusals arrive, so memory stays bounded
 * by the clients refused within one window.
 */
export function createRefusalLimiter(options: RefusalLimiterOptions = {}): RefusalLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const limit = options.limit ?? 60;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  let nextSweep = 0;

  const sweep = (at: number) => {
    nextSweep = at + windowMs;
    for (const [client, w] of windows) if (w.resetAt <= at) windows.delete(client);
  };

  return {
    isTracking() {
      if (windows.size > 0 && now() >= nextSweep) sweep(now());
      return windows.size > 0;
    },
    isBlocked(client) {
      const w = windows.get(client);
      return w !== undefined && w.count >= limit && w.resetAt > now();
    },
    countRefusal(client) {
      const at = now();
      if (at >= nextSweep) sweep(at);
      const w = windows.get(client);
      if (w && w.resetAt > at) w.count += 1;
      else windows.set(client, { count: 1, resetAt: at + windowMs });
    },
  };
}
