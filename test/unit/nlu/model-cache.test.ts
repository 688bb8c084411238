import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createModelCache, modelCacheKey } from '../../../src/nlu';
import type { TrainingCorpus } from '../../../src/nlu';
import { makeTempDir, recordingLogger } from './nlu-test-helpers';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const KEY_C = 'c'.repeat(64);

describe('createModelCache', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('misses on a directory that does not exist yet, then stores and returns a model', async () => {
    const cache = createModelCache({ dir: path.join(dir, 'models') });
    expect(await cache.get(KEY_A)).toBeNull();
    const model = JSON.stringify({ weights: [1, 2, 3], label: 'héllo wörld ✓' });
    await cache.put(KEY_A, model);
    expect(await cache.get(KEY_A)).toBe(model);
    expect(await createModelCache({ dir: path.join(dir, 'models') }).get(KEY_A)).toBe(model);
    expect(await readdir(path.join(dir, 'models'))).toEqual([`${KEY_A}.model`]);
  });

  it('replaces an entry atomically', async () => {
    const cache = createModelCache({ dir });
    await cache.put(KEY_A, 'first');
    await cache.put(KEY_A, 'second');
    expect(await cache.get(KEY_A)).toBe('second');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a changed payload', (raw: string) => raw.replace('payload', 'paYload')],
    ['a truncated file', (raw: string) => raw.slice(0, raw.length - 3)],
    ['garbage', () => '\u0000\u0001 not a cache file'],
    ['an entry stored under another key', (raw: string) => raw.replace(KEY_A, KEY_B)],
  ])('treats %s as a miss with a warning and drops it', async (_name, corrupt) => {
    const logger = recordingLogger();
    const cache = createModelCache({ dir, logger });
    await cache.put(KEY_A, 'the payload');
    const file = path.join(dir, `${KEY_A}.model`);
    await writeFile(file, corrupt(await readFile(file, 'utf8')));
    expect(await cache.get(KEY_A)).toBeNull();
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: 'warn', event: 'nlu.model_cache.corrupt' }),
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps only the most recently used entries', async () => {
    const cache = createModelCache({ dir, keep: 2 });
    const age = (key: string, seconds: number) => {
      const when = new Date(Date.now() - seconds * 1000);
      return utimes(path.join(dir, `${key}.model`), when, when);
    };
    await cache.put(KEY_A, 'a');
    await age(KEY_A, 300);
    await cache.put(KEY_B, 'b');
    await age(KEY_B, 200);
    expect(await cache.get(KEY_A)).toBe('a'); // used: now the most recent of the two
    await cache.put(KEY_C, 'c');
    expect((await readdir(dir)).sort()).toEqual([`${KEY_A}.model`, `${KEY_C}.model`]);
    expect(await cache.get(KEY_B)).toBeNull();
  });

  it('refuses keys that are not plain names', async () => {
    const cache = createModelCache({ dir });
    await expect(cache.put('../escape', 'x')).rejects.toMatchObject({ code: 'internal' });
    await expect(cache.get('a/b')).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('modelCacheKey', () => {
  const engine = { name: 'nlpjs', settingsKey: 'nlp@1' };
  const corpus: TrainingCorpus = {
    locale: 'en',
    examples: [
      { intent: 'greeting', text: 'hello' },
      { intent: 'pricing', text: 'how much' },
    ],
  };

  it('is a stable hash of the engine, its settings and the corpus', () => {
    const key = modelCacheKey(engine, corpus);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(modelCacheKey({ ...engine }, { ...corpus, examples: [...corpus.examples] })).toBe(key);
  });

  it('changes with anything that changes the model', () => {
    const key = modelCacheKey(engine, corpus);
    const variants = [
      modelCacheKey({ ...engine, name: 'linear' }, corpus),
      modelCacheKey({ ...engine, settingsKey: 'nlp@2' }, corpus),
      modelCacheKey(engine, corpus, 'extra'),
      modelCacheKey(engine, { ...corpus, locale: 'fr' }),
      modelCacheKey(engine, {
        ...corpus,
        examples: [...corpus.examples, { intent: 'pricing', text: 'price?' }],
      }),
      modelCacheKey(engine, {
        ...corpus,
        examples: [
          { intent: 'greeting', text: 'hello' },
          { intent: 'greeting', text: 'how much' },
        ],
      }),
      modelCacheKey(engine, { ...corpus, negatives: ['weather'] }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });
});
