/**
 * Redis housekeeping for the BullMQ benchmarks and the crash test: a unique key prefix per run, and
 * removal of every key under it afterwards (the Redis server is shared).
 */
import IORedis from 'ioredis';

/** The Redis the scripts use. */
export const BENCH_REDIS_URL = 'redis://127.0.0.1:6379';

/** A REDIS_PREFIX no other run uses. */
export function uniqueRedisPrefix(name: string): string {
  return `parley-${name}-${process.pid}-${Date.now().toString(36)}`;
}

/** Deletes every key under `prefix:` (SCAN + UNLINK, never KEYS or FLUSH); returns how many. */
export async function deleteRedisPrefix(prefix: string, url: string = BENCH_REDIS_URL): Promise<number> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
