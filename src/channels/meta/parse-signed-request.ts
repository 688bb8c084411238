import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Result } from '../../core';
import { ParleyError, err, ok } from '../../core';

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

const payloadSchema = z.object({
  algorithm: z.string(),
  user_id: z.union([z.string().min(1).max(256), z.number().int().nonnegative()]).transform(String),
  issued_at: z.number().nonnegative().optional(),
  expires: z.number().nonnegative().optional(),
});

/** What a verified data-deletion `signed_request` says. */
export interface SignedRequest {
  /** The app-scoped user id whose data must be deleted. */
  readonly userId: string;
  /** Epoch seconds, as Meta sent it. */
  readonly issuedAt?: number;
}

/**
 * Verifies and decodes the `signed_request` of Meta's data-deletion callback:
 * `<base64url signature>.<base64url JSON payload>`, the signature being HMAC-SHA256 of the payload
 * **part** (as sent) with the app secret, compared in constant time; `algorithm` must be `HMAC-SHA256`.
 * Never throws; every failure is `meta.signed_request_invalid` (details say which check failed).
 */
export function parseSignedRequest(
  signedRequest: string,
  appSecret: string,
): Result<SignedRequest, ParleyError> {
  const parts = typeof signedRequest === 'string' ? signedRequest.trim().split('.') : [];
  const [sigPart, payloadPart] = parts;
  if (parts.length !== 2 || !sigPart || !payloadPart || !B64URL.test(sigPart) || !B64URL.test(payloadPart)) {
    return invalid('malformed');
  }
  if (appSecret.length === 0) return invalid('no_secret');
  const given = Buffer.from(sigPart, 'base64url');
  const expected = createHmac('sha256', appSecret).update(payloadPart, 'utf8').digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('bad_signature');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return invalid('payload_not_json');
  }
  const payload = payloadSchema.safeParse(json);
  if (!payload.success) return invalid('payload_invalid');
  if (payload.data.algorithm.toUpperCase() !== 'HMAC-SHA256') return invalid('unsupported_algorithm');
  return ok({
    userId: payload.data.user_id,
    ...(payload.data.issued_at !== undefined ? { issuedAt: payload.data.issued_at } : {}),
  });
}

function invalid(reason: string): Result<SignedRequest, ParleyError> {
  return err(
    new ParleyError('meta.signed_request_invalid', `Invalid signed_request (${reason})`, {
      details: { reason },
    }),
  );
}
