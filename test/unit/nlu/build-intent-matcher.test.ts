import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildIntentMatcher,
  catalogToCorpus,
  createModelCache,
  createNlpjsEngine,
  loadIntents,
  modelCacheKey,
} from '../../../src/nlu';
import type { IntentCatalog } from '../../../src/nlu';
import { FIXTURES, makeTempDir, recordingLogger } from './nlu-test-helpers';

const PROBES = [
  'hello there',
  'how much is it',
  'where is my parcel',
  'purple monkey dishwasher',
  'open on sunday?',
];

describe('buildIntentMatcher', () => {
  const engine = createNlpjsEngine();
  let dir: string;
  let intentsDir: string;
  let cacheDir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    intentsDir = path.join(dir, 'intents');
    cacheDir = path.join(dir, 'models');
    await cp(path.join(FIXTURES, 'shop'), intentsDir, { recursive: true });
  });
  afterEach(() => cleanup());

  async function catalog(): Promise<IntentCatalog> {
    const loaded = await loadIntents(intentsDir);
    if (!loaded.ok) throw new Error('the intents should load');
    return loaded.value;
  }

  async function editOrders(edit: (json: { data: { utterances: string[]; answers?: unknown[] }[] }) => void) {
    const file = path.join(intentsDir, 'orders.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    edit(json);
    await writeFile(file, JSON.stringify(json));
  }

  it('trains once, then loads the same model from the cache', async () => {
    const logger = recordingLogger();
    const cache = createModelCache({ dir: cacheDir, logger });
    const first = await buildIntentMatcher({
      catalog: await catalog(),
      engine,
      threshold: 0.5,
      cache,
      logger,
    });
    expect(first.fromCache).toBe(false);
    expect(first.trainMs).toBeGreaterThanOrEqual(0);
    expect(first.version).toBe(first.cacheKey.slice(0, 16));
    expect(first.matcher.version).toBe(first.version);

    const second = await buildIntentMatcher({
      catalog: await catalog(),
      engine,
      threshold: 0.5,
      cache,
      logger,
    });
    expect(second).toMatchObject({ fromCache: true, trainMs: 0, version: first.version });
    for (const text of PROBES)
      expect(await second.matcher.match(text)).toEqual(await first.matcher.match(text));
    expect(logger.events()).toEqual(['nlu.model.trained', 'nlu.model.cache_hit']);
    expect(logger.entries[0]?.fields).toMatchObject({
      version: first.version,
      intents: 5,
      trainMs: first.trainMs,
    });
  });

  it('retrains when the cached file is corrupt', async () => {
    const logger = recordingLogger();
    const cache = createModelCache({ dir: cacheDir, logger });
    const first = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5, cache });
    const [name] = await readdir(cacheDir);
    await writeFile(path.join(cacheDir, name!), '{"truncated":');
    const second = await buildIntentMatcher({
      catalog: await catalog(),
      engine,
      threshold: 0.5,
      cache,
      logger,
    });
    expect(second.fromCache).toBe(false);
    expect(second.version).toBe(first.version);
    expect(logger.events()).toEqual(['nlu.model_cache.corrupt', 'nlu.model.trained']);
    const third = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5, cache });
    expect(third.fromCache).toBe(true);
  });

  it('retrains when the engine cannot load the cached model', async () => {
    const logger = recordingLogger();
    const cache = createModelCache({ dir: cacheDir });
    const current = await catalog();
    await cache.put(modelCacheKey(engine, catalogToCorpus(current)), 'not a model');
    const built = await buildIntentMatcher({ catalog: current, engine, threshold: 0.5, cache, logger });
    expect(built.fromCache).toBe(false);
    expect(logger.events()).toEqual(['nlu.model.cache_invalid', 'nlu.model.trained']);
    expect((await built.matcher.match('hello')).intent).toBe('greeting');
  });

  it('gets a new version when an utterance changes, not when only an answer does', async () => {
    const cache = createModelCache({ dir: cacheDir });
    const before = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5, cache });

    await editOrders((json) => json.data[1]!.answers!.push('Tracking links are in your confirmation email.'));
    const answerOnly = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5, cache });
    expect(answerOnly).toMatchObject({ fromCache: true, version: before.version });

    await editOrders((json) => json.data[1]!.utterances.push('is my order delayed'));
    const changed = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5, cache });
    expect(changed.fromCache).toBe(false);
    expect(changed.version).not.toBe(before.version);
    expect((await readdir(cacheDir)).length).toBe(2);
  });

  it('still serves when the cache cannot be written, and trains every time without a cache', async () => {
    const logger = recordingLogger();
    await writeFile(path.join(dir, 'not-a-dir'), 'x');
    const cache = createModelCache({ dir: path.join(dir, 'not-a-dir') });
    const built = await buildIntentMatcher({
      catalog: await catalog(),
      engine,
      threshold: 0.5,
      cache,
      logger,
    });
    expect(logger.events()).toEqual(['nlu.model.trained', 'nlu.model.cache_write_failed']);
    expect((await built.matcher.match('hi there')).intent).toBe('greeting');

    const again = await buildIntentMatcher({ catalog: await catalog(), engine, threshold: 0.5 });
    expect(again.fromCache).toBe(false);
  });

  it('reports training progress', async () => {
    const progress: number[] = [];
    await buildIntentMatcher({
      catalog: await catalog(),
      engine,
      threshold: 0.5,
      onProgress: (done) => progress.push(done),
    });
    expect(progress.length).toBeGreaterThan(0);
  });
});
