import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../../src/api/middleware/errors';
import { requireApiKey } from '../../../src/api/middleware/require-api-key';
import { dashboardRoutes } from '../../../src/api/routes/dashboard-routes';

const KEY = 'unit-test-key-0123456789abcdef';

function app(dir: string, keys: readonly string[] = [KEY]) {
  const a = express();
  a.use(dashboardRoutes({ apiKeys: keys, dashboardDir: dir }));
  const v1 = express.Router();
  v1.use(requireApiKey({ admin: keys }));
  v1.get('/thing', (_req, res) => res.json({ ok: true }));
  v1.put('/thing', (_req, res) => res.json({ ok: true }));
  a.use('/v1', v1);
  a.use(errorHandler);
  return a;
}

describe('dashboard routes', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-dash-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/x.js"></script>',
    );
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('serves the page revalidated and hashed assets immutable, both with a strict CSP', async () => {
    const page = await request(app(dir)).get('/dashboard/').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const asset = await request(app(dir)).get('/dashboard/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
  });

  test('answers 503 when the dashboard is not built', async () => {
    await request(app(path.join(dir, 'missing')))
      .get('/dashboard')
      .expect(503);
  });

  test('a sign-in sets an HttpOnly SameSite=Strict cookie that /v1 accepts', async () => {
    const a = app(dir);
    await request(a)
      .post('/dashboard/session')
      .set('X-Requested-With', 'x')
      .send({ apiKey: 'wrong-key-0123456789' })
      .expect(401);
    const res = await request(a)
      .post('/dashboard/session')
      .set('X-Requested-With', 'x')
      .send({ apiKey: KEY })
      .expect(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/parley_session=.+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const jar = cookie.split(';')[0]!;
    await request(a).get('/v1/thing').set('Cookie', jar).expect(200);
    await request(a)
      .get('/dashboard/session')
      .set('Cookie', jar)
      .expect(200, { keyRequired: true, signedIn: true });
    await request(a).get('/v1/thing').set('Cookie', 'parley_session=nope').expect(401);
  });

  test('marks the cookie Secure over https', async () => {
    const res = await request(app(dir))
      .post('/dashboard/session')
      .set('X-Requested-With', 'x')
      .set('X-Forwarded-Proto', 'https')
      .send({ apiKey: KEY })
      .expect(204);
    expect(String(res.headers['set-cookie'])).toContain('; Secure');
  });

  test('cookie-authenticated writes need X-Requested-With and a same-host Origin', async () => {
    const a = app(dir);
    const jar = `parley_session=${encodeURIComponent(KEY)}`;
    await request(a).put('/v1/thing').set('Cookie', jar).expect(403);
    await request(a).put('/v1/thing').set('Cookie', jar).set('X-Requested-With', 'x').expect(200);
    await request(a)
      .put('/v1/thing')
      .set('Cookie', jar)
      .set('X-Requested-With', 'x')
      .set('Origin', 'https://evil.example')
      .expect(403);
    // Bearer clients are not browsers: no CSRF header needed.
    await request(a).put('/v1/thing').set('Authorization', `Bearer ${KEY}`).expect(200);
    // Sign-in and sign-out need the header too (no cross-site login).
    await request(a).post('/dashboard/session').send({ apiKey: KEY }).expect(403);
    await request(a).post('/dashboard/logout').expect(403);
    const out = await request(a).post('/dashboard/logout').set('X-Requested-With', 'x').expect(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
  });

  test('with no keys configured the dashboard is open like the API', async () => {
    await request(app(dir, [])).get('/dashboard/session').expect(200, { keyRequired: false, signedIn: true });
  });
});

describe('read-only API keys', () => {
  const READER = 'read-only-key-0123456789abcdef';
  function scoped() {
    const a = express();
    const v1 = express.Router();
    v1.use(requireApiKey({ admin: [KEY], readOnly: [READER] }));
    v1.get('/thing', (_req, res) => res.json({ ok: true }));
    v1.put('/thing', (_req, res) => res.json({ ok: true }));
    a.use('/v1', v1);
    a.use(errorHandler);
    return a;
  }

  it('may read but not write; an admin key may do both', async () => {
    const a = scoped();
    await request(a).get('/v1/thing').set('authorization', `Bearer ${READER}`).expect(200);
    const refused = await request(a).put('/v1/thing').set('authorization', `Bearer ${READER}`).expect(403);
    expect(refused.body.error.code).toBe('api.forbidden');
    await request(a).put('/v1/thing').set('authorization', `Bearer ${KEY}`).expect(200);
    await request(a).get('/v1/thing').set('authorization', 'Bearer not-a-key-0123456789').expect(401);
  });
});
