import { spawnSync } from 'node:child_process';

/** The Redis the BullMQ tests use (the machine's service, or REDIS_URL). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** {@link redisAvailable}, synchronously (jest needs the answer while it collects tests). */
export function redisAvailableSync(): boolean {
  const script = `const s=require('net').connect(${JSON.stringify(new URL(TEST_REDIS_URL).port || '6379')}*1,${JSON.stringify(new URL(TEST_REDIS_URL).hostname)});
s.setTimeout(1000,()=>process.exit(1));s.on('error',()=>process.exit(1));
s.on('connect',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 3000 }).status === 0;
}

/**
 * `describe` when Redis answers. When it does not: with CI=true the suite fails (a missing Redis must
 * never pass silently); elsewhere it is skipped and says so loudly.
 */
export function describeWithRedis(suite: string, body: () => void): void {
  if (redisAvailableSync()) {
    describe(suite, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(suite, () => {
      it('needs Redis (CI=true)', () => {
        throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}; CI=true requires it for ${suite}.`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED "${suite}": no Redis at ${TEST_REDIS_URL} (start one, or set REDIS_URL) ***\n`);
  describe.skip(`${suite} (SKIPPED: no Redis at ${TEST_REDIS_URL})`, body);
}

/** A key prefix no other test uses. */
export function uniquePrefix(name: string): string {
  return `parley-test-${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
