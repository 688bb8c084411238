import { createTokenBucket } from '../../../../src/channels/meta';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('createTokenBucket', () => {
  it('lets a burst through, then asks to wait for the next token', () => {
    const c = clock();
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3, now: c.now });
    expect([bucket.take('p'), bucket.take('p'), bucket.take('p')]).toEqual([0, 0, 0]);
    expect(bucket.take('p')).toBe(100);
    c.advance(40);
    expect(bucket.take('p')).toBe(60);
    c.advance(60);
    expect(bucket.take('p')).toBe(0);
  });

  it('keeps one bucket per key', () => {
    const c = clock();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, now: c.now });
    expect(bucket.take('page-a')).toBe(0);
    expect(bucket.take('page-a')).toBe(1000);
    expect(bucket.take('page-b')).toBe(0);
  });

  it('refills up to the burst only', () => {
    const c = clock();
    const bucket = createTokenBucket({ ratePerSecond: 100, burst: 2, now: c.now });
    bucket.take('p');
    bucket.take('p');
    c.advance(60_000);
    expect([bucket.take('p'), bucket.take('p')]).toEqual([0, 0]);
    expect(bucket.take('p')).toBe(10);
  });

  it('does not take a token when it asks to wait', () => {
    const c = clock();
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 1, now: c.now });
    bucket.take('p');
    expect(bucket.take('p')).toBe(500);
    expect(bucket.take('p')).toBe(500);
    c.advance(500);
    expect(bucket.take('p')).toBe(0);
  });

  it('sustains the configured rate', () => {
    const c = clock();
    const bucket = createTokenBucket({ ratePerSecond: 200, burst: 200, now: c.now });
    let sent = 0;
    for (let ms = 0; ms < 10_000; ms += 1) {
      while (bucket.take('p') === 0) sent += 1;
      c.advance(1);
    }
    expect(sent).toBeGreaterThanOrEqual(200 + 200 * 10 - 2);
    expect(sent).toBeLessThanOrEqual(200 + 200 * 10);
  });

  it('refuses a non-positive rate or burst', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createTokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
