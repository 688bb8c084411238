import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ParleyError } from '../core';
import { sha256Hex } from './canonical-json';
import type { NluLogger } from './nlu-logger';
import { silentNluLogger } from './nlu-logger';

/** Where trained models are kept between runs, by {@link modelCacheKey}. */
export interface ModelCache {
  /** The serialized model stored under `key`, or null (absent, unreadable or corrupt: a miss). */
  get(key: string): Promise<string | null>;
  /** Stores a serialized model under `key`, atomically; then drops all but the newest entries. */
  put(key: string, serialized: string): Promise<void>;
}

/** Options of {@link createModelCache}. */
export interface ModelCacheOptions {
  /** The directory of the cache files; created when needed. */
  readonly dir: string;
  readonly logger?: NluLogger;
  /** How many entries to keep (default 5); the least recently used go first. */
  readonly keep?: number;
}

const EXT = '.model';
const HEADER = 'parley-model-cache/1';
const KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** A temp file this old was left by a crashed writer. */
const STALE_TMP_MS = 3_600_000;

/**
 * A {@link ModelCache} of files in `dir`, one per key: a header line (format, key, SHA-256 and size
 * of the payload) then the payload. Writes go to a temp file renamed into place, so readers never
 * see half a file. A file whose header or checksum does not match is a miss, logged as
 * `nlu.model_cache.corrupt` and removed. A hit refreshes the entry's mtime, so the kept entries are
 * the most recently used. Keys are letters, digits, `_` and `-` (a hash); anything else throws.
 */
export function createModelCache(options: ModelCacheOptions): ModelCache {
  const dir = path.resolve(options.dir);
  const logger = options.logger ?? silentNluLogger;
  const keep = Math.max(1, options.keep ?? 5);
  const fileOf = (key: string): string => path.join(dir, `${checkKey(key)}${EXT}`);

  async function get(key: string): Promise<string | null> {
    const file = fileOf(key);
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (cause) {
      if (!isNotFound(cause)) logger.warn({ file, err: cause }, 'nlu.model_cache.unreadable');
      return null;
    }
    const payload = decode(raw, key);
    if (payload === null) {
      logger.warn({ file }, 'nlu.model_cache.corrupt');
      await unlink(file).catch(() => undefined);
      return null;
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return payload;
  }

  async function put(key: string, serialized: string): Promise<void> {
    const file = fileOf(key);
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, encode(key, serialized), 'utf8');
      await rename(tmp, file);
    } catch (cause) {
      await unlink(tmp).catch(() => undefined);
      throw cause;
    }
    await prune(dir, file, keep, logger);
  }

  return { get, put };
}

function encode(key: string, payload: string): string {
  const header = { format: HEADER, key, sha256: sha256Hex(payload), length: payload.length };
  return `${JSON.stringify(header)}\n${payload}`;
}

function decode(raw: string, key: string): string | null {
  const newline = raw.indexOf('\n');
  if (newline < 0) return null;
  const payload = raw.slice(newline + 1);
  let header: unknown;
  try {
    header = JSON.parse(raw.slice(0, newline));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null) return null;
  const h = header as Record<string, unknown>;
  const valid =
    h.format === HEADER && h.key === key && h.length === payload.length && h.sha256 === sha256Hex(payload);
  return valid ? payload : null;
}

async function prune(dir: string, current: string, keep: number, logger: NluLogger): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  const entries: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) continue;
    if (name.endsWith('.tmp') && now - info.mtimeMs > STALE_TMP_MS) await unlink(file).catch(() => undefined);
    if (name.endsWith(EXT)) entries.push({ file, mtimeMs: info.mtimeMs });
  }
  // The entry just written stays whatever the clock says.
  entries.sort((a, b) => Number(b.file === current) - Number(a.file === current) || b.mtimeMs - a.mtimeMs);
  for (const { file } of entries.slice(keep)) {
    await unlink(file).catch((cause: unknown) =>
      logger.warn({ file, err: cause }, 'nlu.model_cache.prune_failed'),
    );
  }
}

function checkKey(key: string): string {
  if (!KEY.test(key)) {
    throw new ParleyError(
      'internal',
      `Invalid model cache key "${key.slice(0, 40)}": use letters, digits, "_" or "-"`,
    );
  }
  return key;
}

function isNotFound(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'ENOENT';
}
