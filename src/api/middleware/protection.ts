import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { clientKey } from './client-address';
import { errorBody } from './errors';
import type { RefusalLimiter } from './refusal-limiter';

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
 * Per-client limit on the webhook routes served by express (handshake, data deletion) that counts only
 * refused requests (4xx answers): signed Meta traffic is never counted, so it is never dropped, while
 * someone probing with forged requests is cut off. Shares `limiter` with the webhook event handler,
 * so refusals anywhere under `/webhooks` count together.
 */
export function webhookAbuseLimit(limiter: RefusalLimiter, trustedHops: number): RequestHandler {
  return (req, res, next) => {
    if (limiter.isTracking() && limiter.isBlocked(clientKey(req, trustedHops))) {
      res.status(429).json(errorBody('api.rate_limited', 'Too many refused requests.'));
      return;
    }
    res.once('finish', () => {
      if (res.statusCode >= 400 && res.statusCode < 500) limiter.countRefusal(clientKey(req, trustedHops));
    });
    next();
  };
}
