import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header: HMAC-SHA256 of the **raw** request bytes
 * with the app secret (never re-serialized JSON: Meta signs the escaped-unicode bytes it sent).
 * Constant-time comparison after a length check. A missing or malformed header (including a legacy
 * `sha1=` one) or an empty secret gives `false`. Never throws.
 *
 * Apps using Instagram Login sign Instagram webhooks with the Instagram app secret: call this once per
 * configured secret when both exist.
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || appSecret.length === 0) return false;
  const match = HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
