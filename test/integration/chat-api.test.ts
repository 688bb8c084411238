import request from 'supertest';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('POST /v1/chat on the demo bot (embedded default)', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await createTestParley();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('answers a shipping question with the shipping intent and logs it with its score', async () => {
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'u1', text: 'how long does shipping take?' })
      .expect(200);
    expect(res.body.nlu).toMatchObject({ intent: 'shipping.time', matched: true });
    expect(res.body.nlu.score).toBeGreaterThanOrEqual(t.parley.config.nlu.threshold);
    expect(res.body.messages.length).toBeGreaterThan(0);
    expect(res.body.messages[0].type).toBe('text');

    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'u1' });
    const rows = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'in' });
    expect(rows[0]).toMatchObject({ text: 'how long does shipping take?', kind: 'text' });
    expect(rows[0]!.nlu).toMatchObject({ intent: 'shipping.time', matched: true, score: res.body.nlu.score });
  });

  it("answers gibberish with the fallback, unmatched, and logs the raw score (not NLP.js's None/1)", async () => {
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'u2', text: 'purple monkey dishwasher' })
      .expect(200);
    expect(res.body.nlu).toMatchObject({ intent: null, matched: false });
    expect(res.body.nlu.score).toBeLessThan(t.parley.config.nlu.threshold);
    const [fallback] = res.body.messages;
    expect(fallback.text).toMatch(/didn't quite get that/);
    expect(fallback.quickReplies.length).toBeGreaterThanOrEqual(3);
    expect(fallback.quickReplies[0].payload).toMatch(/^INTENT:/);

    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'u2' });
    const [row] = await t.parley.store.listMessages({
      contactId: contact!.id,
      direction: 'in',
      matched: false,
    });
    expect(row!.nlu).toMatchObject({ intent: null, matched: false, score: res.body.nlu.score });
    expect(row!.nlu!.score).toBeLessThan(1);
    const events = await t.parley.store.listEvents({
      contactId: contact!.id,
      types: ['fallback_sent', 'nlu_evaluated'],
    });
    expect(events.map((e) => e.type).sort()).toEqual(['fallback_sent', 'nlu_evaluated']);
  });

  it('answers a tapped quick reply by its intent payload without asking the matcher', async () => {
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'u3', payload: 'INTENT:returns' })
      .expect(200);
    expect(res.body.nlu).toBeNull();
    expect(res.body.messages[0].text).toMatch(/return/i);
  });

  it('unsubscribes on "stop" and confirms it', async () => {
    await request(t.parley.app).post('/v1/chat').send({ contactId: 'u4', text: 'hi' }).expect(200);
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'u4', text: 'stop' })
      .expect(200);
    expect(res.body.nlu).toMatchObject({ intent: 'unsubscribe', matched: true });
    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'u4' });
    expect(contact!.subscribed).toBe(false);
    expect(await t.parley.store.listEvents({ contactId: contact!.id, types: ['unsubscribed'] })).toHaveLength(
      1,
    );
  });

  it('processes a repeated messageId once and answers the repeat with 409', async () => {
    const body = { contactId: 'u5', text: 'hello', messageId: 'client-msg-1' };
    await request(t.parley.app).post('/v1/chat').send(body).expect(200);
    const dup = await request(t.parley.app).post('/v1/chat').send(body).expect(409);
    expect(dup.body.error.code).toBe('store.conflict');
    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'u5' });
    expect(await t.parley.store.listMessages({ contactId: contact!.id, direction: 'in' })).toHaveLength(1);
  });

  it.each([
    ['no contactId', { text: 'hi' }],
    ['neither text nor payload', { contactId: 'x' }],
    ['a number as text', { contactId: 'x', text: 42 }],
    ['an unknown field', { contactId: 'x', text: 'hi', admin: true }],
    ['an empty text', { contactId: 'x', text: '   ' }],
  ])('rejects %s with 400 and the zod issues, writing nothing', async (_name, body) => {
    const before = await t.parley.store.listMessages({ limit: 1000 });
    const res = await request(t.parley.app).post('/v1/chat').send(body).expect(400);
    expect(res.body.error.code).toBe('api.bad_request');
    expect(Array.isArray(res.body.error.details)).toBe(true);
    expect(await t.parley.store.listMessages({ limit: 1000 })).toHaveLength(before.length);
  });

  it('rejects malformed JSON with 400, non-JSON with 415 and bodies over 64 KB with 413', async () => {
    const bad = await request(t.parley.app)
      .post('/v1/chat')
      .set('content-type', 'application/json')
      .send('{"contactId": "x", "text": ')
      .expect(400);
    expect(bad.body.error.code).toBe('api.bad_request');
    const form = await request(t.parley.app)
      .post('/v1/chat')
      .type('form')
      .send('contactId=x&text=hi')
      .expect(415);
    expect(form.body.error.code).toBe('api.unsupported_media_type');
    const huge = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'x', text: 'a'.repeat(70 * 1024) })
      .expect(413);
    expect(huge.body.error.code).toBe('api.payload_too_large');
  });

  it('answers unknown routes with a JSON 404 and carries a request id', async () => {
    const res = await request(t.parley.app).get('/nope').set('x-request-id', 'req-123').expect(404);
    expect(res.body.error.code).toBe('api.not_found');
    expect(res.headers['x-request-id']).toBe('req-123');
  });

  it('reports health and readiness', async () => {
    await request(t.parley.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(t.parley.app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', store: { kind: 'sqlite', reachable: true } });
    expect(ready.body.model.version).toEqual(expect.any(String));
  });
});

describe('API keys', () => {
  let t: TestParley;
  const key = 'k-0123456789abcdef';
  beforeAll(async () => {
    t = await createTestParley({ env: { API_KEYS: `${key},another-key-0123456789` } });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('requires a valid bearer key on /v1 and leaves health routes open', async () => {
    const none = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'a', text: 'hi' })
      .expect(401);
    expect(none.body.error.code).toBe('api.unauthorized');
    await request(t.parley.app)
      .post('/v1/chat')
      .set('authorization', 'Bearer wrong-key-0123456789')
      .send({ contactId: 'a', text: 'hi' })
      .expect(401);
    await request(t.parley.app)
      .post('/v1/chat')
      .set('authorization', `Bearer ${key}`)
      .send({ contactId: 'a', text: 'hi' })
      .expect(200);
    await request(t.parley.app)
      .post('/v1/chat')
      .set('authorization', 'Bearer another-key-0123456789')
      .send({ contactId: 'a', text: 'thanks' })
      .expect(200);
    await request(t.parley.app).get('/healthz').expect(200);
  });
});

describe('readiness before the bot is loaded', () => {
  it('answers /readyz 503 and /v1/chat 503 until a model is loaded', async () => {
    const t = await createTestParley({ load: false });
    try {
      const ready = await request(t.parley.app).get('/readyz').expect(503);
      expect(ready.body.model).toBeNull();
      const chat = await request(t.parley.app)
        .post('/v1/chat')
        .send({ contactId: 'a', text: 'hi' })
        .expect(503);
      expect(chat.body.error.code).toBe('nlu.not_ready');
    } finally {
      await t.cleanup();
    }
  });
});
