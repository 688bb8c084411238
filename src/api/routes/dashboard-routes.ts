import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../core';
import { SESSION_COOKIE, createKeyCheck, passesCsrfCheck, readCookie } from '../middleware/require-api-key';

/** What the dashboard routes need. */
export interface DashboardRouteDeps {
  /** The same keys as `/v1`; none → the API is open and so is the dashboard. */
  readonly apiKeys: readonly string[];
  /** Read-only keys may sign in as well. */
  readonly readOnlyKeys?: readonly string[];
  /** The built dashboard (`npm run build:dashboard`); default `<package root>/dist-dashboard`. */
  readonly dashboardDir?: string;
}

/** Only our own files: no inline script or style, no third-party origin, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** How long a sign-in lasts. */
const SESSION_SECONDS = 8 * 3600;

const sessionBodySchema = z.strictObject({ apiKey: z.string().min(1).max(512) });

/** The directory holding `package.json`, from this file's (src/… when run from source, dist/… when built). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function securityHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
}

function cookie(req: Request, value: string, maxAge: number): string {
  // Behind a TLS-terminating proxy `req.secure` is false: its X-Forwarded-Proto can only add `Secure`.
  const https = req.secure || req.get('x-forwarded-proto') === 'https';
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(https ? ['Secure'] : []),
  ].join('; ');
}

/**
 * The web dashboard: the static build at `/dashboard/` (hashed assets cached for a year, the page
 * revalidated, a strict CSP), `GET /dashboard/session` (is a key needed, is this browser signed in),
 * `POST /dashboard/session` `{ apiKey }` → an HttpOnly SameSite=Strict cookie the `/v1` routes accept,
 * `POST /dashboard/logout`. Both POSTs need the `X-Requested-With` header (no cross-site sign-in).
 */
export function dashboardRoutes(deps: DashboardRouteDeps): Router {
  const router = Router();
  const dir = deps.dashboardDir ?? path.join(packageRoot(), 'dist-dashboard');
  // Read-only keys may sign in too (the dashboard then shows, but cannot change, anything).
  const keys = [...deps.apiKeys, ...(deps.readOnlyKeys ?? [])];
  const check = createKeyCheck(keys);
  const open = keys.length === 0;

  router.use('/dashboard', (_req, res, next) => {
    securityHeaders(res);
    next();
  });
  router.get('/dashboard/session', (req, res) => {
    const given = readCookie(req, SESSION_COOKIE);
    const signedIn = open || (given !== null && check(given));
    res.set('Cache-Control', 'no-store').json({ keyRequired: !open, signedIn });
  });
  router.post('/dashboard/session', express.json({ limit: '2kb' }), (req, res) => {
    if (!passesCsrfCheck(req)) throw new ParleyError('api.forbidden', 'Sign in from the dashboard.');
    const { apiKey } = sessionBodySchema.parse(req.body);
    if (!open && !check(apiKey.trim()))
      throw new ParleyError('api.unauthorized', 'The API key is not valid.');
    res
      .set('Set-Cookie', cookie(req, apiKey.trim(), SESSION_SECONDS))
      .status(204)
      .end();
  });
  router.post('/dashboard/logout', (req, res) => {
    if (!passesCsrfCheck(req)) throw new ParleyError('api.forbidden', 'Sign out from the dashboard.');
    res
      .set('Set-Cookie', cookie(req, '', 0))
      .status(204)
      .end();
  });
  router.use(
    '/dashboard/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
    }),
  );
  router.get(['/dashboard', '/dashboard/', '/dashboard/index.html'], (_req, res) => {
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The dashboard is not built: run `npm run build:dashboard`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
