import { createLruCache } from '../../../../src/channels/meta';

describe('createLruCache', () => {
  it('expires entries after their ttl', () => {
    let t = 0;
    const cache = createLruCache<string>({ maxEntries: 10, ttlMs: 100, now: () => t });
    cache.set('a', 'A');
    cache.set('b', 'B', 10);
    t = 50;
    expect(cache.get('a')).toBe('A');
    expect(cache.get('b')).toBeUndefined();
    t = 100;
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently used entry', () => {
    const cache = createLruCache<number>({ maxEntries: 2, ttlMs: 1000 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('stores null values (remembered failures)', () => {
    const cache = createLruCache<string | null>({ maxEntries: 2, ttlMs: 1000 });
    cache.set('x', null);
    expect(cache.get('x')).toBeNull();
  });
});
