import path from 'node:path';
import { isParleyError } from '../../../src/core';
import { parseConfig } from '../../../src/config';
import { LINEAR_DEFAULT_THRESHOLD } from '../../../src/nlu';

describe('parseConfig', () => {
  it('applies the embedded defaults', () => {
    const c = parseConfig({}, '/srv/bot');
    expect(c).toMatchObject({
      port: 3000,
      dataDir: path.resolve('/srv/bot', 'data'),
      intentsDir: path.resolve('/srv/bot', 'intents'),
      flowsDir: path.resolve('/srv/bot', 'flows'),
      nlu: { engine: 'linear', threshold: 0.2, locale: 'en' },
      watch: true,
      logLevel: 'info',
      apiKeys: [],
      flowTtlMs: 24 * 3_600_000,
      publicUrl: 'http://localhost:3000',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses values and lists', () => {
    const c = parseConfig({
      PORT: '8080',
      NLU_THRESHOLD: '0.7',
      WATCH: 'false',
      API_KEYS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbb ',
    });
    expect(c.port).toBe(8080);
    expect(c.nlu.threshold).toBe(0.7);
    expect(c.watch).toBe(false);
    expect(c.apiKeys).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NLU_THRESHOLD', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['WATCH', 'maybe'],
    ['API_KEYS', 'short'],
    ['PUBLIC_URL', 'not a url'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    let caught: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (e) {
      caught = e;
    }
    expect(isParleyError(caught, 'config.invalid')).toBe(true);
    expect((caught as Error).message).toContain(name);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '' }).port).toBe(3000);
  });
});

describe('NLU defaults', () => {
  it('uses each engine’s calibrated threshold unless NLU_THRESHOLD is set', () => {
    expect(parseConfig({}).nlu).toMatchObject({ engine: 'linear', threshold: LINEAR_DEFAULT_THRESHOLD });
    expect(parseConfig({ NLU_ENGINE: 'nlpjs' }).nlu).toMatchObject({ engine: 'nlpjs', threshold: 0.5 });
    expect(parseConfig({ NLU_ENGINE: 'nlpjs', NLU_THRESHOLD: '0.7' }).nlu.threshold).toBe(0.7);
  });
});
