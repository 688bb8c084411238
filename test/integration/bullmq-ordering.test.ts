import IORedis from 'ioredis';
import request from 'supertest';
import type { FakeGraphApi } from '../helpers/fake-graph-api';
import { startFakeGraphApi } from '../helpers/fake-graph-api';
import { META_ENV, pageWebhook, signature, textEvent } from '../helpers/meta-webhooks';
import { describeWithRedis, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';
import { waitFor } from '../helpers/capture-logger';

/** A tiny bot that echoes a number back, so the order of replies is visible. */
const ECHO_INTENTS = {
  'echo.json': {
    name: 'echo',
    locale: 'en',
    data: [
      { intent: 'greeting', utterances: ['hello', 'hi there', 'good morning'], answers: ['Hi!'] },
      { intent: 'bye', utterances: ['goodbye', 'see you', 'bye bye'], answers: ['Bye!'] },
    ],
  },
};

describeWithRedis('BullMQ end to end: ordering per contact', () => {
  let graph: FakeGraphApi;
  let t: TestParley;
  const prefix = uniquePrefix('ordering');

  beforeAll(async () => {
    graph = await startFakeGraphApi({ anyProfile: true });
    t = await createTestParley({
      intents: ECHO_INTENTS,
      env: {
        ...META_ENV,
        META_GRAPH_URL: graph.url,
        META_SEND_RATE: '100000',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        QUEUE_PARTITIONS: '8',
      },
    });
    await t.parley.startWorkers();
  });
  afterAll(async () => {
    await t.cleanup();
    await graph.close();
    const redis = new IORedis(TEST_REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('50 contacts × 40 messages sent concurrently: each contact gets its replies in its own order', async () => {
    const contacts = Array.from({ length: 50 }, (_, i) => `psid-order-${i}`);
    const base = Date.now();
    // Each contact's messages alternate greeting/bye, so the expected reply sequence is known.
    const texts = (n: number) => (n % 2 === 0 ? 'hello' : 'goodbye');
    // All contacts at once; each contact's own messages one after another (as a person types them).
    const post = (events: object[]) => {
      const body = JSON.stringify(pageWebhook(events));
      return request(t.parley.app)
        .post('/webhooks/meta')
        .set('content-type', 'application/json')
        .set('x-hub-signature-256', signature(body))
        .send(body)
        .expect(200);
    };
    await Promise.all(
      contacts.map(async (c, i) => {
        for (let n = 0; n < 40; n++) await post([textEvent(c, texts(n), `${c}-m${n}`, base + n * 100 + i)]);
      }),
    );
    await waitFor(() => graph.sends().length >= 2000, 120_000, '2000 replies');
    for (const c of contacts) {
      const replies = graph
        .sends()
        .filter((call) => (call.body as { recipient: { id: string } }).recipient.id === c)
        .map((call) => (call.body as { message: { text: string } }).message.text);
      expect(replies).toEqual(Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? 'Hi!' : 'Bye!')));
    }
  }, 180_000);
});
