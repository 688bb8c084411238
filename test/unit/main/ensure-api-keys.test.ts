import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../src/config';
import { ensureApiKeys, GENERATED_KEY_FILE } from '../../../src/main';

describe('ensureApiKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-keys-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates an admin key once, stores it privately, and reuses it without printing it again', () => {
    const config = parseConfig({ DATA_DIR: path.join(dir, 'data') });
    const first = ensureApiKeys(config);
    expect(first.created).toMatch(/^pk_[\w-]{43}$/);
    expect(first.config.apiKeys).toEqual([first.created]);
    const file = path.join(dir, 'data', GENERATED_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = ensureApiKeys(config);
    expect(second.created).toBeNull();
    expect(second.config.apiKeys).toEqual([first.created]);
  });

  it('leaves configured keys alone and writes nothing', () => {
    const config = parseConfig({ DATA_DIR: path.join(dir, 'data'), API_KEYS: 'configured-key-0123456789' });
    const result = ensureApiKeys(config);
    expect(result).toEqual({ config, created: null, file: null });
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });
});
