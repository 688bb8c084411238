import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const VALID = /^[\w.-]{1,128}$/;

/**
 * The id of a request: its `X-Request-Id` header when that is a safe token (word characters, dots and
 * dashes, at most 128), else a new random UUID. Answers echo it in `X-Request-Id`.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && VALID.test(given) ? given : randomUUID();
}
