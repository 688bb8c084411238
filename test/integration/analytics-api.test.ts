import request from 'supertest';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('analytics API on the demo bot', () => {
  let t: TestParley;
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  /** How many of the three messages the model matched (the KPI must agree with the chat answers). */
  let matched = 0;
  beforeAll(async () => {
    t = await createTestParley();
    const chat = async (contactId: string, text: string) => {
      const res = await request(t.parley.app).post('/v1/chat').send({ contactId, text }).expect(200);
      if (res.body.nlu?.matched) matched++;
    };
    await chat('a1', 'how long does shipping take?');
    await chat('a1', 'purple monkey dishwasher');
    await chat('a2', 'purple monkey dishwasher');
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('answers every KPI with numerator, denominator and a daily series', async () => {
    const res = await request(t.parley.app)
      .get('/v1/kpis')
      .query({ from: today, to: tomorrow, granularity: 'day' })
      .expect(200);
    expect(res.body.kpis.matchedResponseRate).toEqual({
      value: Math.round((matched / 3) * 100 * 1e6) / 1e6,
      numerator: matched,
      denominator: 3,
    });
    expect(res.body.kpis.interactionsPerUser).toEqual({ value: 1.5, numerator: 3, denominator: 2 });
    expect(res.body.kpis.responseRate.numerator).toBe(3);
    expect(res.body.kpis.avgResponseTime).toMatchObject({ denominator: 3, unanswered: 0 });
    expect(res.body.kpis.ctr).toEqual({ value: 0, numerator: 0, denominator: 2 });
    expect(res.body.kpis.conversionRate.value).toBeNull();
    expect(res.body.series).toHaveLength(1);
    expect(res.body.series[0].kpis.interactionsPerUser.value).toBe(1.5);
  });

  it('records conversions idempotently, refuses another currency, and counts spend per campaign', async () => {
    const body = { contactId: 'a1', name: 'order', value: 40, currency: 'USD', idempotencyKey: 'order-1' };
    const first = await request(t.parley.app).post('/v1/conversions').send(body).expect(201);
    const again = await request(t.parley.app).post('/v1/conversions').send(body).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, event: { id: first.body.event.id } });
    const eur = await request(t.parley.app)
      .post('/v1/conversions')
      .send({ ...body, currency: 'EUR', idempotencyKey: 'x' })
      .expect(400);
    expect(eur.body.error.code).toBe('analytics.currency_mismatch');
    await request(t.parley.app)
      .post('/v1/conversions')
      .send({ ...body, contactId: 'nobody', idempotencyKey: 'y' })
      .expect(404);
    await request(t.parley.app)
      .put('/v1/campaigns/spring/spend')
      .send({ date: today, amount: 20, currency: 'USD' })
      .expect(200);
    const kpis = await request(t.parley.app).get('/v1/kpis').query({ from: today, to: tomorrow }).expect(200);
    expect(kpis.body.kpis.roas).toEqual({ value: 2, numerator: 40, denominator: 20 });
    expect(kpis.body.kpis.costPerConversion).toEqual({ value: 20, numerator: 20, denominator: 1 });
    const campaigns = await request(t.parley.app).get('/v1/campaigns').expect(200);
    expect(campaigns.body.campaigns).toEqual([expect.objectContaining({ campaign: 'spring', spend: 20 })]);
  });

  it('breaks a KPI down by channel and lists intent stats with the top unmatched texts', async () => {
    const res = await request(t.parley.app)
      .get('/v1/kpis/interactionsPerUser')
      .query({ from: today, to: tomorrow, by: 'channel' })
      .expect(200);
    expect(res.body.rows).toEqual([{ key: 'web', kpi: { value: 1.5, numerator: 3, denominator: 2 } }]);
    const stats = await request(t.parley.app)
      .get('/v1/intents/stats')
      .query({ from: today, to: tomorrow })
      .expect(200);
    expect(stats.body).toMatchObject({ evaluated: 3, matched });
    expect(stats.body.intents).toContainEqual(expect.objectContaining({ intent: 'shipping.time' }));
    const shares = stats.body.intents.reduce((a: number, i: { share: number }) => a + i.share, 0);
    expect(shares).toBeCloseTo(100, 4);
    if (matched === 1)
      expect(stats.body.topUnmatched[0]).toMatchObject({ text: 'purple monkey dishwasher', count: 2 });
  });

  it('rejects bad ranges and unknown KPI names with 400', async () => {
    await request(t.parley.app).get('/v1/kpis').query({ from: tomorrow, to: today }).expect(400);
    await request(t.parley.app)
      .get('/v1/kpis')
      .query({ from: today, to: tomorrow, tz: 'Mars/Olympus' })
      .expect(400);
    await request(t.parley.app)
      .get('/v1/kpis/nope')
      .query({ from: today, to: tomorrow, by: 'channel' })
      .expect(400);
  });

  it('serves the OpenAPI document without authentication', async () => {
    const res = await request(t.parley.app).get('/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/kpis',
        '/v1/conversions',
        '/v1/chat',
        '/r/{token}',
        '/healthz',
        '/v1/campaigns/{id}/spend',
      ]),
    );
  });
});
