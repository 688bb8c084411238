import request from 'supertest';
import { contactKey } from '../../src/core';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

const SHOP = {
  name: 'Shop',
  locale: 'en',
  data: [
    { intent: 'greeting', utterances: ['hi', 'hello', 'good morning'], answers: ['Hello!'] },
    { intent: 'order.status', utterances: ['where is my order', 'track my order'], answers: ['On its way.'] },
  ],
};

describe('deleting a contact removes it everywhere (GDPR)', () => {
  let t: TestParley;
  const api = () => request(t.parley.app);

  beforeEach(async () => {
    t = await createTestParley({ intents: { 'shop.json': SHOP }, env: { NLU_THRESHOLD: '0.3' } });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('removes its messages, its training-inbox decisions and its pending jobs, and nothing of others', async () => {
    const { store, queue } = t.parley;
    await api().post('/v1/chat').send({ contactId: 'ann', text: 'my email is ann@example.com' }).expect(200);
    await api().post('/v1/chat').send({ contactId: 'bob', text: 'xylophone lessons pricing' }).expect(200);
    const ann = (await store.findContact({ channel: 'web', externalId: 'ann' }))!;
    const bob = (await store.findContact({ channel: 'web', externalId: 'bob' }))!;
    const ignored = await api()
      .post('/v1/training/inbox/ignore')
      .send({ texts: ['my email is ann@example.com', 'xylophone lessons pricing'] })
      .expect(200);
    const keys = ignored.body.keys as string[];
    expect(keys).toHaveLength(2);
    // Work queued for both contacts that has not run yet (no consumer in this process).
    await queue.add('maintenance', [
      { data: { for: 'ann' }, orderingKey: contactKey('web', 'ann') },
      { data: { for: 'bob' }, orderingKey: contactKey('web', 'bob') },
    ]);

    await api().delete(`/v1/contacts/${ann.id}`).expect(204);

    expect(await store.getContact(ann.id)).toBeNull();
    expect(await store.listMessages({ contactId: ann.id })).toEqual([]);
    const decisions = await store.listInboxDecisions({ keys });
    expect(decisions.map((d) => d.key)).toEqual(['xylophone lessons pricing']);
    const pending = (await store.pendingJobs('maintenance')).map((j) => j.data);
    expect(pending).toEqual([{ for: 'bob' }]);
    expect(await store.listMessages({ contactId: bob.id })).not.toEqual([]);
    await api().delete(`/v1/contacts/${ann.id}`).expect(404);
  });
});
