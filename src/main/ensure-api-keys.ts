import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/** Where a generated admin key is kept, under DATA_DIR. */
export const GENERATED_KEY_FILE = 'admin-api-key';

/**
 * Makes sure the API is never open: when no API key is configured, the admin key stored under
 * `DATA_DIR` is used — generated (256 random bits, file mode 0600) on the first start, when `created`
 * is true so the caller can print it once. Configured keys always win.
 */
export function ensureApiKeys(config: Config): {
  config: Config;
  created: string | null;
  file: string | null;
} {
  if (config.apiKeys.length > 0) return { config, created: null, file: null };
  const file = path.join(config.dataDir, GENERATED_KEY_FILE);
  let key: string | null = null;
  let created: string | null = null;
  try {
    key = fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    key = null;
  }
  if (key === null) {
    key = `pk_${randomBytes(32).toString('base64url')}`;
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    created = key;
  }
  return { config: Object.freeze({ ...config, apiKeys: Object.freeze([key]) }), created, file };
}
