import type { KeyObject } from 'node:crypto';
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/** Checks an `X-Hub-Signature-256` header against a body; see {@link verifyMetaSignature}. */
export type MetaSignatureVerifier = (rawBody: Buffer, header: string | undefined) => boolean;

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
  return appSecret.length > 0 && check(rawBody, header, appSecret);
}

/**
 * {@link verifyMetaSignature} with `appSecret` bound and prepared once (a secret `KeyObject`), for the
 * webhook's hot path. Same contract: `false` for anything but a matching signature (always, for an
 * empty secret); never throws.
 */
export function createMetaSignatureVerifier(appSecret: string): MetaSignatureVerifier {
  if (appSecret.length === 0) return () => false;
  const key = createSecretKey(Buffer.from(appSecret, 'utf8'));
  return (rawBody, header) => check(rawBody, header, key);
}

function check(rawBody: Buffer, header: string | undefined, key: string | KeyObject): boolean {
  if (typeof header !== 'string') return false;
  const match = HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', key).update(rawBody).digest();
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
