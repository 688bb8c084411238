import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ParleyError } from '../../core';

/** The cookie the dashboard's sign-in sets (HttpOnly); holds an API key. */
export const SESSION_COOKIE = 'parley_session';

/** The header a cookie-authenticated state-changing request must carry (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-requested-with';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * A checker of API keys: compares SHA-256 digests with `timingSafeEqual` against every key, so neither
 * content, length nor which key matched leaks through timing.
 */
export function createKeyCheck(keys: readonly string[]): (given: string) => boolean {
  const digests = keys.map(digest);
  return (given) => {
    const d = digest(given);
    let found = false;
    for (const k of digests) found = timingSafeEqual(k, d) || found;
    return found;
  };
}

/** The value of cookie `name` in the request's `Cookie` header, or null. */
export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Whether a cookie-authenticated request may change state: safe methods always; others need the
 * {@link CSRF_HEADER} header and, when the browser sends an `Origin`, one naming this host.
 */
export function passesCsrfCheck(req: Request): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  if (!req.get(CSRF_HEADER)) return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** The keys `/v1` accepts: admin keys do anything; read-only keys (analytics) only read. */
export interface ApiKeys {
  readonly admin: readonly string[];
  readonly readOnly?: readonly string[];
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Requires `Authorization: Bearer <key>` with one of the keys, or the dashboard's session cookie holding
 * one (then state-changing requests must pass {@link passesCsrfCheck}). A read-only key may only read
 * (GET/HEAD; anything else → 403). No keys at all → open (development, tests).
 */
export function requireApiKey(keys: ApiKeys): RequestHandler {
  const admin = createKeyCheck(keys.admin);
  const reader = createKeyCheck(keys.readOnly ?? []);
  const open = keys.admin.length === 0 && (keys.readOnly ?? []).length === 0;
  const authorise = (key: string, next: (e?: unknown) => void, method: string) => {
    // Both checks always run, so timing does not tell which kind of key was sent.
    const isAdmin = admin(key);
    const isReader = reader(key);
    if (isAdmin) return next();
    if (!isReader) return next(new ParleyError('api.unauthorized', 'The API key is not valid.'));
    if (READ_METHODS.has(method)) return next();
    return next(new ParleyError('api.forbidden', 'This API key is read-only.'));
  };
  return (req, _res, next) => {
    if (open) return next();
    const header = req.get('authorization');
    if (header === undefined) {
      const cookie = readCookie(req, SESSION_COOKIE);
      if (cookie) {
        if (!passesCsrfCheck(req)) {
          return next(
            new ParleyError('api.forbidden', 'Send the X-Requested-With header from the dashboard.'),
          );
        }
        return authorise(cookie, next, req.method);
      }
    }
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!match?.[1]) {
      return next(new ParleyError('api.unauthorized', 'Send an API key as "Authorization: Bearer <key>".'));
    }
    return authorise(match[1].trim(), next, req.method);
  };
}
