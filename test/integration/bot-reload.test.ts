import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { waitFor } from '../helpers/capture-logger';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

const shop = (extra: object[] = []) => ({
  name: 'shop',
  locale: 'en',
  data: [
    {
      intent: 'shipping.time',
      utterances: [
        'how long does shipping take',
        'when will my parcel arrive',
        'delivery time',
        'how fast do you ship',
      ],
      answers: ['Shipping takes 3-5 days.'],
    },
    {
      intent: 'greeting',
      utterances: ['hello', 'hi there', 'good morning', 'hey'],
      answers: ['Hi!'],
    },
    ...extra,
  ],
});

const giftCards = {
  intent: 'gift.cards',
  utterances: [
    'do you sell gift cards',
    'gift voucher',
    'can I buy a gift card',
    'gift certificate for a friend',
  ],
  answers: ['Yes! Gift cards from $10.'],
};

describe('hot reload', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley({ intents: { 'shop.json': shop() } });
    await t.parley.bot.watch();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const readyCount = () => t.logs.filter((l) => l.event === 'bot.reload.ready').length;

  it('retrains after an edit and swaps the new model in', async () => {
    const before = t.parley.bot.current()!.version;
    const readyBefore = readyCount();
    await fs.writeFile(path.join(t.intentsDir, 'shop.json'), JSON.stringify(shop([giftCards]), null, 2));
    await waitFor(() => readyCount() > readyBefore, 15_000, 'reload after edit');
    expect(t.parley.bot.current()!.version).not.toBe(before);
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'c', text: 'do you sell gift cards?' });
    expect(res.body.nlu).toMatchObject({ intent: 'gift.cards', matched: true });
  });

  it('keeps the last good model when an edit breaks a file, and logs the file and JSON path', async () => {
    const serving = t.parley.bot.current()!.version;
    const broken = shop();
    (broken.data[1] as { utterances: unknown }).utterances = 'hello';
    await fs.writeFile(path.join(t.intentsDir, 'shop.json'), JSON.stringify(broken, null, 2));
    await waitFor(() => t.logs.some((l) => l.event === 'bot.reload.failed'), 15_000, 'failed reload');
    const problem = t.logs.find((l) => l.event === 'bot.reload.problem');
    expect(problem).toMatchObject({ code: 'intents.invalid_schema' });
    expect(String(problem!.file)).toContain('shop.json');
    expect(String(problem!.path)).toContain('data[1].utterances');
    expect(t.parley.bot.current()!.version).toBe(serving);
    const res = await request(t.parley.app)
      .post('/v1/chat')
      .send({ contactId: 'c', text: 'how long does shipping take' });
    expect(res.body.nlu).toMatchObject({ intent: 'shipping.time', matched: true });
  });

  it('keeps serving through malformed JSON and names the position', async () => {
    await fs.writeFile(path.join(t.intentsDir, 'shop.json'), '{ "name": "shop", "data": [ }');
    await waitFor(() => t.logs.some((l) => l.event === 'bot.reload.failed'), 15_000, 'failed reload');
    const problem = t.logs.find((l) => l.event === 'bot.reload.problem');
    expect(problem).toMatchObject({ code: 'intents.invalid_json', file: 'shop.json', line: 1 });
    expect(problem!.column).toEqual(expect.any(Number));
    expect(t.parley.bot.current()).not.toBeNull();
  });
});

describe('model cache', () => {
  it('a second start with unchanged intents loads the model from the cache', async () => {
    const first = await createTestParley({ intents: { 'shop.json': shop() } });
    const firstVersion = first.parley.bot.current()!.version;
    await first.parley.close();
    expect(first.logs.find((l) => l.event === 'bot.reload.ready')).toMatchObject({ fromCache: false });

    const second = await createTestParley({ dir: first.dir, intents: {} });
    try {
      expect(second.logs.find((l) => l.event === 'bot.reload.ready')).toMatchObject({ fromCache: true });
      expect(second.parley.bot.current()!.version).toBe(firstVersion);
      await request(second.parley.app).get('/readyz').expect(200);
    } finally {
      await second.cleanup();
      await first.cleanup();
    }
  });
});
