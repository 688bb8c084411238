import request from 'supertest';
import type { FakeGraphApi } from '../helpers/fake-graph-api';
import { startFakeGraphApi } from '../helpers/fake-graph-api';
import {
  META_ENV,
  PAGE_ID,
  pageWebhook,
  signature,
  signedRequest,
  textEvent,
} from '../helpers/meta-webhooks';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('Messenger webhook → queue → runtime → Send API (fake Graph API)', () => {
  let graph: FakeGraphApi;
  let t: TestParley;
  let seq = 0;
  const mid = () => `m_test_${Date.now()}_${seq++}`;

  beforeAll(async () => {
    graph = await startFakeGraphApi({ anyProfile: true });
  });
  afterAll(async () => {
    await graph.close();
  });
  beforeEach(async () => {
    graph.reset();
    t = await createTestParley({ env: { ...META_ENV, META_GRAPH_URL: graph.url } });
    await t.parley.startWorkers();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const post = (body: object, sig?: string) => {
    const raw = JSON.stringify(body);
    return request(t.parley.app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', sig ?? signature(raw))
      .send(raw);
  };
  const contactOf = (psid: string) => t.parley.store.findContact({ channel: 'messenger', externalId: psid });

  it('answers the verification handshake, and 403 with a wrong token', async () => {
    const ok = await request(t.parley.app)
      .get('/webhooks/meta')
      .query({
        'hub.mode': 'subscribe',
        'hub.verify_token': META_ENV.META_VERIFY_TOKEN,
        'hub.challenge': '1158201444',
      })
      .expect(200);
    expect(ok.text).toBe('1158201444');
    await request(t.parley.app)
      .get('/webhooks/meta')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token', 'hub.challenge': '1' })
      .expect(403);
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const body = pageWebhook([textEvent('psid-x', 'hello', mid(), Date.now())]);
    await post(body, signature(JSON.stringify(body), 'another-secret-000')).expect(401);
    await request(t.parley.app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .send(body)
      .expect(401);
    await t.parley.queue.drain();
    expect(await contactOf('psid-x')).toBeNull();
    expect(await t.parley.store.pendingJobs('inbound')).toEqual([]);
    expect(graph.sends()).toHaveLength(0);
  });

  it('processes every entry and every event (3 × 2) in order, and a redelivery once', async () => {
    const now = Date.now();
    const users = ['psid-a', 'psid-b', 'psid-c'];
    const body = pageWebhook(
      ...users.map((u, i) => [
        textEvent(u, 'hello', `${u}-m1`, now + i * 10),
        textEvent(u, 'how long does shipping take?', `${u}-m2`, now + i * 10 + 1),
      ]),
    );
    const first = await post(body).expect(200);
    expect(first.text).toBe('EVENT_RECEIVED');
    await t.parley.queue.drain();
    for (const u of users) {
      const contact = await contactOf(u);
      const inbound = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'in' });
      expect(inbound.map((m) => m.platformMessageId).reverse()).toEqual([`${u}-m1`, `${u}-m2`]);
      const out = (await t.parley.store.listMessages({ contactId: contact!.id, direction: 'out' })).reverse();
      expect(out.length).toBeGreaterThanOrEqual(2);
      expect(out.every((m) => m.status === 'sent')).toBe(true);
      // Replies reach the user in the order of the messages they answer.
      const sentTexts = graph
        .sends()
        .filter((c) => (c.body as { recipient: { id: string } }).recipient.id === u)
        .map((c) => JSON.stringify(c.body));
      expect(sentTexts).toHaveLength(out.length);
      expect(sentTexts.at(-1)).toMatch(/ship/i);
    }
    const sendsAfterFirst = graph.sends().length;
    await post(body).expect(200);
    await t.parley.queue.drain();
    expect(graph.sends()).toHaveLength(sendsAfterFirst);
  });

  it('retries a rate-limited send and delivers it once (613 twice, then success)', async () => {
    graph.script([{ error: { code: 613 } }, { error: { code: 613 } }], { for: 'send' });
    await post(pageWebhook([textEvent('psid-r', 'hello', mid(), Date.now())])).expect(200);
    await t.parley.queue.drain();
    const contact = await contactOf('psid-r');
    const [reply] = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'out' });
    expect(reply).toMatchObject({ status: 'sent' });
    expect(graph.sends()).toHaveLength(3);
    expect(await t.parley.store.listEvents({ contactId: contact!.id, types: ['message_sent'] })).toHaveLength(
      1,
    );
  });

  it('marks a contact unreachable on 551 and does not retry', async () => {
    graph.script({ error: { code: 551 } }, { for: 'send' });
    await post(pageWebhook([textEvent('psid-u', 'hello', mid(), Date.now())])).expect(200);
    await t.parley.queue.drain();
    const contact = await contactOf('psid-u');
    expect(contact!.reachable).toBe(false);
    const [reply] = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'out' });
    expect(reply).toMatchObject({ status: 'failed' });
    expect(reply!.error).toMatch(/user_unavailable/);
    expect(graph.sends()).toHaveLength(1);
    const failed = await t.parley.store.listEvents({ contactId: contact!.id, types: ['message_failed'] });
    expect(failed).toHaveLength(1);
  });

  it('refuses a send 25 hours after the last inbound message before calling the API, and records it', async () => {
    const old = Date.now() - 25 * 3_600_000;
    await post(pageWebhook([textEvent('psid-late', 'hello', mid(), old)])).expect(200);
    await t.parley.queue.drain();
    const contact = await contactOf('psid-late');
    const [reply] = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'out' });
    expect(reply).toMatchObject({ status: 'failed' });
    expect(reply!.error).toMatch(/outside_window/);
    expect(graph.sends()).toHaveLength(0);
    const failed = await t.parley.store.listEvents({ contactId: contact!.id, types: ['message_failed'] });
    expect(failed[0]!.data).toMatchObject({ code: 'meta.outside_window' });
  });

  it('logs a human reply from the page inbox as a human outbound message and pauses the bot', async () => {
    await post(pageWebhook([textEvent('psid-h', 'hello', mid(), Date.now())])).expect(200);
    await t.parley.queue.drain();
    const echo = {
      sender: { id: PAGE_ID },
      recipient: { id: 'psid-h' },
      timestamp: Date.now(),
      message: { mid: mid(), is_echo: true, app_id: 263902037430900, text: 'Hi, this is Sam from the team' },
    };
    await post(pageWebhook([echo])).expect(200);
    await t.parley.queue.drain();
    const contact = await contactOf('psid-h');
    const out = await t.parley.store.listMessages({ contactId: contact!.id, direction: 'out' });
    expect(out.find((m) => m.sender === 'human')).toMatchObject({
      text: 'Hi, this is Sam from the team',
      status: 'sent',
    });
    const sendsBefore = graph.sends().length;
    await post(pageWebhook([textEvent('psid-h', 'how long does shipping take?', mid(), Date.now())])).expect(
      200,
    );
    await t.parley.queue.drain();
    expect(graph.sends()).toHaveLength(sendsBefore);
  });

  it('deletes a user on a valid data deletion request and shows its status; a bad signature deletes nothing', async () => {
    await post(pageWebhook([textEvent('psid-gdpr', 'hello', mid(), Date.now())])).expect(200);
    await t.parley.queue.drain();
    const contact = await contactOf('psid-gdpr');
    expect(contact).not.toBeNull();

    await request(t.parley.app)
      .post('/webhooks/meta/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest('psid-gdpr', 'not-the-app-secret') })
      .expect(400);
    expect(await contactOf('psid-gdpr')).not.toBeNull();

    const res = await request(t.parley.app)
      .post('/webhooks/meta/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest('psid-gdpr') })
      .expect(200);
    expect(res.body.confirmation_code).toEqual(expect.any(String));
    expect(await contactOf('psid-gdpr')).toBeNull();
    expect(await t.parley.store.listMessages({ contactId: contact!.id })).toEqual([]);
    expect(await t.parley.store.listEvents({ contactId: contact!.id })).toEqual([]);
    const statusPath = new URL(res.body.url).pathname;
    const status = await request(t.parley.app).get(statusPath).expect(200);
    expect(status.text).toMatch(/deleted/i);
    await request(t.parley.app).get('/deletion-status/forged.code').expect(404);
  });
});
