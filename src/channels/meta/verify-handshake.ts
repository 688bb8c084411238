import { createHash, timingSafeEqual } from 'node:crypto';

/** The outcome of a webhook verification request. */
export type HandshakeResult = { readonly ok: true; readonly challenge: string } | { readonly ok: false };

// Meta's challenge is a number; anything else is refused so it can never carry markup back out.
const CHALLENGE = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * Meta's webhook verification (`GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C`): ok with
 * the challenge (answer `200`, body `C` as `text/plain`) when the mode is `subscribe` and the token
 * matches (constant time, whatever the lengths); otherwise not ok (answer `403`). Accepts an express
 * `req.query` as is; array values are refused.
 */
export function verifyHandshake(
  query: Readonly<Record<string, unknown>>,
  verifyToken: string,
): HandshakeResult {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return { ok: false };
  if (verifyToken.length === 0 || !CHALLENGE.test(challenge)) return { ok: false };
  // Hashing both sides gives equal lengths, so the comparison leaks neither content nor length.
  const given = createHash('sha256').update(token).digest();
  const expected = createHash('sha256').update(verifyToken).digest();
  return timingSafeEqual(given, expected) ? { ok: true, challenge } : { ok: false };
}
