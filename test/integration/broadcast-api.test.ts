import request from 'supertest';
import type { FakeGraphApi } from '../helpers/fake-graph-api';
import { startFakeGraphApi } from '../helpers/fake-graph-api';
import { META_ENV, PAGE_ID, pageWebhook, signature, textEvent } from '../helpers/meta-webhooks';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('lists, broadcasts and human replies', () => {
  let graph: FakeGraphApi;
  let t: TestParley;
  beforeAll(async () => {
    graph = await startFakeGraphApi({ anyProfile: true, recordCalls: true });
  });
  afterAll(async () => {
    await graph.close();
  });
  beforeEach(async () => {
    graph.reset();
    t = await createTestParley({ env: { ...META_ENV, META_GRAPH_URL: graph.url, META_SEND_RATE: '100000' } });
    await t.parley.startWorkers();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('sends a broadcast only to subscribed, reachable contacts inside the 24-hour window, and counts the rest', async () => {
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const c = await t.parley.store.ensureContact(
        { channel: 'messenger', externalId: `psid-${i}` },
        {},
        now,
      );
      const old = i < 300;
      const unsubscribed = i >= 300 && i < 350;
      await t.parley.store.updateContact(c.id, {
        pageId: PAGE_ID,
        lastInboundAt: old ? now - 30 * 3_600_000 : now - 3_600_000,
        ...(unsubscribed ? { subscribed: false } : {}),
      });
      ids.push(c.id);
    }
    const list = await request(t.parley.app).post('/v1/lists').send({ name: 'Spring sale' }).expect(201);
    const added = await request(t.parley.app)
      .post(`/v1/lists/${list.body.id}/contacts`)
      .send({ contactIds: ids })
      .expect(200);
    expect(added.body).toEqual({ added: 1000, size: 1000 });
    expect((await request(t.parley.app).get('/v1/lists').expect(200)).body.lists).toEqual([
      expect.objectContaining({ name: 'Spring sale', size: 1000 }),
    ]);

    const created = await request(t.parley.app)
      .post('/v1/broadcasts')
      .send({
        list: 'Spring sale',
        message: { type: 'text', text: 'Spring sale: 20% off jackets this week!' },
      })
      .expect(202);
    await t.parley.queue.drain();

    const progress = await request(t.parley.app).get(`/v1/broadcasts/${created.body.id}`).expect(200);
    expect(progress.body).toMatchObject({
      status: 'done',
      targeted: 1000,
      queued: 650,
      skipped: { outside_window: 300, unsubscribed: 50 },
      delivery: { pending: 0, sent: 650, failed: 0 },
    });
    const sends = graph.sends();
    expect(sends).toHaveLength(650);
    expect(sends.every((c) => (c.body as { messaging_type: string }).messaging_type === 'UPDATE')).toBe(true);
    const sent = await t.parley.store.listEvents({ types: ['message_sent'], limit: 1000 });
    expect(sent).toHaveLength(650);
    expect(sent.every((e) => e.list === 'Spring sale')).toBe(true);
  });

  it('rejects a broadcast with both or neither of list and filter, or an unknown list', async () => {
    const message = { type: 'text', text: 'hi' };
    await request(t.parley.app).post('/v1/broadcasts').send({ message }).expect(400);
    await request(t.parley.app).post('/v1/broadcasts').send({ list: 'x', filter: {}, message }).expect(400);
    await request(t.parley.app)
      .post('/v1/broadcasts')
      .send({ list: 'x', message, flow: 'feedback' })
      .expect(400);
    await request(t.parley.app).post('/v1/broadcasts').send({ list: 'no-such-list', message }).expect(404);
  });

  it('starts a flow for a filtered audience', async () => {
    const now = Date.now();
    for (const [i, size] of ['M', 'L', 'M'].entries()) {
      const c = await t.parley.store.ensureContact({ channel: 'messenger', externalId: `f-${i}` }, {}, now);
      await t.parley.store.updateContact(c.id, { pageId: PAGE_ID, lastInboundAt: now, attributes: { size } });
    }
    const created = await request(t.parley.app)
      .post('/v1/broadcasts')
      .send({ filter: { attributes: { size: 'M' } }, flow: 'feedback' })
      .expect(202);
    await t.parley.queue.drain();
    const progress = await request(t.parley.app).get(`/v1/broadcasts/${created.body.id}`).expect(200);
    expect(progress.body).toMatchObject({ status: 'done', targeted: 2, skipped: {} });
    expect(progress.body.queued).toBeGreaterThanOrEqual(2);
    const m = await t.parley.store.findContact({ channel: 'messenger', externalId: 'f-0' });
    expect((await t.parley.store.getConversation(m!.id, now)).flow).toMatchObject({ flowId: 'feedback' });
  });

  it('sends a human reply, pauses the bot, and hands back on resume', async () => {
    const post = (body: object) => {
      const raw = JSON.stringify(body);
      return request(t.parley.app)
        .post('/webhooks/meta')
        .set('content-type', 'application/json')
        .set('x-hub-signature-256', signature(raw))
        .send(raw)
        .expect(200);
    };
    await post(
      pageWebhook([
        textEvent('psid-agent', 'I want to talk to a person about my order', 'mid-1', Date.now()),
      ]),
    );
    await t.parley.queue.drain();
    const contact = await t.parley.store.findContact({ channel: 'messenger', externalId: 'psid-agent' });
    const before = graph.sends().length;

    const reply = await request(t.parley.app)
      .post(`/v1/conversations/${contact!.id}/messages`)
      .send({ text: 'Hi, Sam here — let me check your order.', agent: 'sam' })
      .expect(202);
    await t.parley.queue.drain();
    expect(graph.sends()).toHaveLength(before + 1);
    expect(await t.parley.store.getMessage(reply.body.id)).toMatchObject({ sender: 'human', status: 'sent' });

    await post(pageWebhook([textEvent('psid-agent', 'how long does shipping take?', 'mid-2', Date.now())]));
    await t.parley.queue.drain();
    expect(graph.sends()).toHaveLength(before + 1);

    await request(t.parley.app).post(`/v1/conversations/${contact!.id}/resume`).expect(200);
    await post(pageWebhook([textEvent('psid-agent', 'how long does shipping take?', 'mid-3', Date.now())]));
    await t.parley.queue.drain();
    expect(graph.sends().length).toBeGreaterThan(before + 1);
    const history = await request(t.parley.app).get(`/v1/conversations/${contact!.id}/messages`).expect(200);
    expect(history.body.messages.length).toBeGreaterThanOrEqual(5);
  });
});
