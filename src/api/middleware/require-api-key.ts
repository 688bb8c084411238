import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ParleyError } from '../../core';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither content nor length leaks through timing. No keys → open (development).
 */
export function requireApiKey(keys: readonly string[]): RequestHandler {
  const digests = keys.map(digest);
  return (req, _res, next) => {
    if (digests.length === 0) return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) {
      return next(new ParleyError('api.unauthorized', 'Send an API key as "Authorization: Bearer <key>".'));
    }
    const given = digest(match[1].trim());
    // Compare against every key so the time does not depend on which one matched.
    let found = false;
    for (const d of digests) found = timingSafeEqual(d, given) || found;
    return found ? next() : next(new ParleyError('api.unauthorized', 'The API key is not valid.'));
  };
}
