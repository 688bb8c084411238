import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/** How the public surface is protected (see the README's security notes). */
export interface ProtectionOptions {
  /** Origins allowed to call `/v1` from a browser; empty = CORS off (no cross-origin access). */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per client IP on public routes (tracked links). */
  readonly publicRatePerMinute: number;
}

/** Security headers (helmet's defaults: CSP, no sniffing, frame denial, HSTS on https…). */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/** Strict CORS for `/v1`: only the configured origins, never credentials from elsewhere. */
export function corsFor(options: ProtectionOptions): RequestHandler {
  if (options.corsOrigins.length === 0) return (_req, _res, next) => next();
  const allowed = new Set(options.corsOrigins);
  return cors({
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    maxAge: 600,
  });
}

/** Per-IP limit on public routes such as tracked links. */
export function publicRateLimit(options: ProtectionOptions): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: options.publicRatePerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: { code: 'api.rate_limited', message: 'Too many requests; slow down.' } },
  });
}

/**
 * Per-IP limit on webhooks that counts only refused requests (bad signatures, bad bodies): signed
 * Meta traffic is never counted, so it is never dropped, while someone probing with forged requests
 * is cut off.
 */
export function webhookAbuseLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: 60,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: { code: 'api.rate_limited', message: 'Too many refused requests.' } },
  });
}
