import request from 'supertest';
import { createParley, ensureApiKeys } from '../../src/main';
import { META_ENV, pageWebhook, signature, textEvent } from '../helpers/meta-webhooks';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('HTTP protection', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await createTestParley({
      env: { ...META_ENV, CORS_ORIGINS: 'https://shop.example.com', PUBLIC_RATE_PER_MINUTE: '5' },
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('sends security headers', async () => {
    const res = await request(t.parley.app).get('/healthz').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await request(t.parley.app)
      .options('/v1/chat')
      .set('origin', 'https://shop.example.com')
      .set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const other = await request(t.parley.app)
      .options('/v1/chat')
      .set('origin', 'https://evil.example.net')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate-limits tracked links per client', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await request(t.parley.app).get('/r/AAAAAAAAAAAAAAAAAAAAAA')).status);
    expect(codes.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });

  it('never counts signed webhooks against the limit, but cuts off forged ones', async () => {
    for (let i = 0; i < 80; i++) {
      const body = JSON.stringify(
        pageWebhook([textEvent(`psid-${i}`, 'hi', `mid-protect-${i}`, Date.now())]),
      );
      await request(t.parley.app)
        .post('/webhooks/meta')
        .set('content-type', 'application/json')
        .set('x-hub-signature-256', signature(body))
        .send(body)
        .expect(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await request(t.parley.app)
        .post('/webhooks/meta')
        .set('content-type', 'application/json')
        .set('x-hub-signature-256', 'sha256=00')
        .send('{}');
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('no API_KEYS configured (generated admin key)', () => {
  it('keeps the web chat open but every other /v1 route behind the generated key', async () => {
    const t = await createTestParley({ load: true });
    try {
      const keys = ensureApiKeys(t.parley.config);
      const parley = createParley(keys.config, t.parley.logger, { store: t.parley.store });
      await parley.bot.reload('test');
      await request(parley.app).post('/v1/chat').send({ contactId: 'open', text: 'hello' }).expect(200);
      await request(parley.app).get('/v1/kpis').query({ from: '2026-01-01', to: '2026-01-02' }).expect(401);
      await request(parley.app).get('/v1/lists').expect(401);
      await request(parley.app).get('/v1/lists').set('authorization', `Bearer ${keys.created}`).expect(200);
      await parley.bot.close();
    } finally {
      await t.cleanup();
    }
  });
});
