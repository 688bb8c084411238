import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { LoggedEvent } from '../../src/core';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';
import { completeEvent } from '../../src/runtime';

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

describe('funnel, variants and campaigns API on logged events', () => {
  let t: TestParley;
  const T = Date.UTC(2026, 2, 10, 12);
  const range = { from: '2026-03-10', to: '2026-03-11' };
  const flowId = 'newsletter';

  beforeAll(async () => {
    t = await createTestParley();
    const store = t.parley.store;
    const ids: string[] = [];
    for (const externalId of ['f1', 'f2', 'f3'])
      ids.push((await store.ensureContact({ channel: 'web', externalId }, {}, T)).id);
    const [c1, c2, c3] = ids as [string, string, string];
    let at = T;
    const ev = (
      contactId: string,
      type: LoggedEvent['type'],
      extra: Partial<LoggedEvent> = {},
    ): LoggedEvent =>
      completeEvent({ ...extra, type }, { id: contactId, channel: 'web' }, (at += 1000), randomUUID);
    const inFlow = (stepId: string, variant: string | null = null) => ({ flowId, stepId, variant });
    await store.appendEvents([
      ev(c1, 'referral', { campaign: 'spring' }),
      ev(c2, 'referral', { campaign: 'ad-1' }),
      // c1 goes all the way: consent → consented → email → phone, reaches the goal, completes.
      ev(c1, 'flow_started', inFlow('consent')),
      ev(c1, 'variant_assigned', inFlow('consent', 'a')),
      ev(c1, 'step_reached', inFlow('consent')),
      ev(c1, 'step_reached', inFlow('consented')),
      ev(c1, 'step_reached', inFlow('email')),
      ev(c1, 'link_clicked', inFlow('email', 'a')),
      ev(c1, 'link_clicked', inFlow('email', 'a')),
      ev(c1, 'step_reached', inFlow('phone')),
      ev(c1, 'goal_reached', inFlow('signup_goal')),
      ev(c1, 'conversion', { ...inFlow('signup_goal', 'a'), value: 30 }),
      ev(c1, 'flow_completed', inFlow('phone')),
      // c2 reaches the email step, sends a text the bot does not understand, and abandons there.
      ev(c2, 'flow_started', inFlow('consent')),
      ev(c2, 'variant_assigned', inFlow('consent', 'b')),
      ev(c2, 'step_reached', inFlow('consent')),
      ev(c2, 'link_clicked', inFlow('consent', 'b')),
      ev(c2, 'step_reached', inFlow('consented')),
      ev(c2, 'step_reached', inFlow('email')),
      ev(c2, 'message_received', { data: { kind: 'text' } }),
      ev(c2, 'nlu_evaluated', { intent: 'fallback', value: 0.1, data: { matched: false } }),
      ev(c2, 'flow_abandoned', inFlow('email')),
      // c3 reaches consent twice and abandons it after a message the bot did understand.
      ev(c3, 'flow_started', inFlow('consent')),
      ev(c3, 'variant_assigned', inFlow('consent', 'a')),
      ev(c3, 'step_reached', inFlow('consent')),
      ev(c3, 'step_reached', inFlow('consent')),
      ev(c3, 'message_received', { data: { kind: 'text' } }),
      ev(c3, 'nlu_evaluated', { intent: 'greeting', value: 0.9, data: { matched: true } }),
      ev(c3, 'flow_abandoned', inFlow('consent')),
    ]);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('counts users per step in definition order, drop-offs, goals, completions and abandonments', async () => {
    const res = await request(t.parley.app).get(`/v1/flows/${flowId}/funnel`).query(range).expect(200);
    const steps = Object.fromEntries(
      res.body.steps.map((s: { step: string }) => [s.step, s] as const),
    ) as Record<string, Record<string, number>>;
    expect(res.body.steps.map((s: { step: string }) => s.step).slice(0, 5)).toEqual([
      'consent',
      'consented',
      'email',
      'phone',
      'subscribe',
    ]);
    expect(steps.consent).toMatchObject({ users: 3, dropOff: 1, abandoned: 1, abandonedAfterUnmatched: 0 });
    expect(steps.consented).toMatchObject({ users: 2, dropOff: 0, abandoned: 0 });
    expect(steps.email).toMatchObject({ users: 2, dropOff: 1, abandoned: 1, abandonedAfterUnmatched: 1 });
    expect(steps.phone).toMatchObject({ users: 1, dropOff: 1, abandoned: 0 });
    expect(steps.signup_goal).toMatchObject({ users: 0, goals: 1 });
    expect(res.body).toMatchObject({
      flow: flowId,
      started: 3,
      completed: 1,
      goals: 1,
      abandoned: 2,
      abandonedAfterUnmatched: 1,
      completionRate: { numerator: 1, denominator: 3 },
    });
    expect(res.body.completionRate.value).toBeCloseTo(100 / 3, 4);
    const before = await request(t.parley.app)
      .get(`/v1/flows/${flowId}/funnel`)
      .query({ from: '2026-03-09', to: '2026-03-10' })
      .expect(200);
    expect(before.body).toMatchObject({ started: 0, completed: 0, completionRate: { value: null } });
    await request(t.parley.app)
      .get(`/v1/flows/${flowId}/funnel`)
      .query({ from: range.to, to: range.from })
      .expect(400);
  });

  it('compares variants by users, clicks, CTR, visitors and conversions', async () => {
    const res = await request(t.parley.app).get(`/v1/flows/${flowId}/variants`).query(range).expect(200);
    expect(res.body).toEqual({
      flow: flowId,
      variants: [
        {
          variant: 'a',
          users: 2,
          clicks: 2,
          visitors: 1,
          ctr: { value: 100, numerator: 2, denominator: 2 },
          conversions: 1,
          conversionValue: 30,
          conversionRate: { value: 100, numerator: 1, denominator: 1 },
        },
        {
          variant: 'b',
          users: 1,
          clicks: 1,
          visitors: 1,
          ctr: { value: 100, numerator: 1, denominator: 1 },
          conversions: 0,
          conversionValue: 0,
          conversionRate: { value: 0, numerator: 0, denominator: 1 },
        },
      ],
    });
  });

  it('sets spend per campaign and day, refuses another currency, and reports cost and ROAS per campaign', async () => {
    const eur = await request(t.parley.app)
      .put('/v1/campaigns/spring/spend')
      .send({ date: '2026-03-10', amount: 15, currency: 'EUR' })
      .expect(400);
    expect(eur.body.error.code).toBe('analytics.currency_mismatch');
    await request(t.parley.app)
      .put('/v1/campaigns/spring/spend')
      .send({ date: '2026-03-10', amount: 99, currency: 'USD' })
      .expect(200);
    const put = await request(t.parley.app)
      .put('/v1/campaigns/spring/spend')
      .send({ date: '2026-03-10', amount: 15, currency: 'USD' })
      .expect(200);
    expect(put.body).toEqual({ campaign: 'spring', date: '2026-03-10', amount: 15, currency: 'USD' });
    await request(t.parley.app)
      .put('/v1/campaigns/spring/spend')
      .send({ date: '10/03/2026', amount: 15, currency: 'USD' })
      .expect(400);
    const res = await request(t.parley.app)
      .get('/v1/campaigns')
      .query({ from: '2026-03-01', to: '2026-04-01' })
      .expect(200);
    expect(res.body.currency).toBe('USD');
    expect(res.body.campaigns).toEqual([
      {
        campaign: 'ad-1',
        referrals: 1,
        users: 1,
        conversions: 0,
        conversionValue: 0,
        spend: 0,
        costPerConversion: { value: null, numerator: 0, denominator: 0 },
        roas: { value: null, numerator: 0, denominator: 0 },
      },
      {
        campaign: 'spring',
        referrals: 1,
        users: 1,
        conversions: 1,
        conversionValue: 30,
        spend: 15,
        costPerConversion: { value: 15, numerator: 15, denominator: 1 },
        roas: { value: 2, numerator: 30, denominator: 15 },
      },
    ]);
  });
});
