/** Options of {@link createLruCache}. */
export interface LruCacheOptions {
  /** Most entries kept; the least recently used goes first. */
  readonly maxEntries: number;
  /** Default time to live of an entry, in ms. */
  readonly ttlMs: number;
  /** Clock in epoch ms (injectable for tests). */
  readonly now?: () => number;
}

/** A small in-memory LRU cache with per-entry expiry. */
export interface LruCache<V> {
  /** The live value, or `undefined` when absent or expired (a hit refreshes recency, not expiry). */
  get(key: string): V | undefined;
  /** Stores `value` for `ttlMs` (default: the cache's). */
  set(key: string, value: V, ttlMs?: number): void;
  delete(key: string): void;
  readonly size: number;
}

/** Creates an {@link LruCache}. A Map keeps insertion order, which serves as the recency list. */
export function createLruCache<V>(options: LruCacheOptions): LruCache<V> {
  const now = options.now ?? Date.now;
  const max = Math.max(1, Math.floor(options.maxEntries));
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlMs = options.ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > max) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
