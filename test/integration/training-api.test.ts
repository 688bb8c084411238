import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

/** A hand-formatted file (4 spaces, inline arrays, custom key order) the writer must not reformat. */
const SHOP = `{
    "name": "Shop",
    "locale": "en",
    "data": [
        {
            "intent": "greeting",
            "utterances": ["hi", "hello", "good morning", "hey there"],
            "answers": ["Hello! How can I help?"]
        },
        {
            "answers": ["Your order is on its way."],
            "intent": "order.status",
            "utterances": [
                "where is my order",
                "track my order",
                "has my order shipped",
                "order status please"
            ]
        },
        {
            "intent": "returns",
            "utterances": ["how do I return an item", "I want a refund", "return policy", "send it back"],
            "answers": ["You can return items within 30 days."]
        }
    ]
}
`;

describe('training API', () => {
  let t: TestParley;
  let n = 0;
  const api = () => request(t.parley.app);
  const chat = (text: string) =>
    api()
      .post('/v1/chat')
      .send({ contactId: `u${n++}`, text })
      .expect(200);
  const shopFile = () => path.join(t.intentsDir, 'shop.json');
  const versionOf = async (file: string) => {
    const res = await api().get('/v1/training/intents').expect(200);
    return (res.body.files as { file: string; version: string }[]).find((f) => f.file === file)?.version;
  };

  beforeEach(async () => {
    // A tiny corpus scores everything low: a stricter threshold leaves off-topic texts unmatched.
    t = await createTestParley({ intents: {}, load: false, env: { NLU_THRESHOLD: '0.3' } });
    await fs.writeFile(shopFile(), SHOP);
    const loaded = await t.parley.bot.reload('test');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('lists unmatched messages as items with counts, clusters paraphrases, and suggests intents', async () => {
    for (const text of [
      'xylophone lessons pricing',
      'Xylophone lessons pricing?',
      'purple monkey dishwasher',
    ]) {
      const res = await chat(text);
      expect(res.body.nlu.matched).toBe(false);
    }
    const res = await api().get('/v1/training/inbox').expect(200);
    expect(res.body.counts).toEqual({ open: 2, done: 0, ignored: 0 });
    const items = res.body.entries.flatMap((e: { items: unknown[] }) => e.items);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'xylophone lessons pricing',
          count: 2,
          kind: 'unmatched',
          status: 'open',
        }),
        expect.objectContaining({ key: 'purple monkey dishwasher', count: 1 }),
      ]),
    );
    expect(res.body.entries[0]).toMatchObject({ count: 2, kind: 'unmatched' });
    expect(res.body.modelVersion).toBe(t.parley.bot.current()!.matcher.version);
    for (const item of items) expect(item.suggestions.length).toBeLessThanOrEqual(3);

    const page = await api().get('/v1/training/inbox?limit=1').expect(200);
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.total).toBe(res.body.entries.length);
    const next = await api().get(`/v1/training/inbox?limit=1&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.entries[0].id).not.toBe(page.body.entries[0].id);
    await api().get('/v1/training/inbox?cursor=bogus').expect(400);
    await api().get('/v1/training/inbox?status=nope').expect(400);
  });

  it('assign: writes the utterance into the intent’s file (formatting kept), retrains, and the text then matches', async () => {
    const text = 'any news on the parcel I bought';
    expect((await chat(text)).body.nlu.intent).not.toBe('order.status');
    const version = await versionOf('shop.json');
    const res = await api()
      .post('/v1/training/inbox/assign')
      .send({
        texts: [text, 'Any news on the parcel I bought?'],
        intent: 'order.status',
        fileVersion: version,
      })
      .expect(200);
    expect(res.body.file).toMatchObject({ name: 'shop.json', added: [text] });
    expect(res.body.modelVersion).toBe(t.parley.bot.current()!.matcher.version);
    const written = await fs.readFile(shopFile(), 'utf8');
    expect(written).toBe(
      SHOP.replace('"order status please"\n', `"order status please",\n                "${text}"\n`),
    );
    expect(res.body.file.version).toBe(await versionOf('shop.json'));

    const again = await chat(text);
    expect(again.body.nlu).toMatchObject({ intent: 'order.status', matched: true });
    // The retrained model's version is recorded on the new log row.
    const [row] = await t.parley.store.listMessages({ direction: 'in', limit: 1 });
    expect(row!.nlu).toMatchObject({ intent: 'order.status', modelVersion: res.body.modelVersion });
    const done = await api().get('/v1/training/inbox?status=done').expect(200);
    expect(done.body.entries[0].items[0]).toMatchObject({
      key: text.toLowerCase(),
      status: 'done',
      decision: { action: 'assign' },
    });

    // The same text again adds nothing (no duplicate utterance) and does not need a retrain.
    const repeat = await api()
      .post('/v1/training/inbox/assign')
      .send({ texts: [text], intent: 'order.status', fileVersion: res.body.file.version })
      .expect(200);
    expect(repeat.body.file.added).toEqual([]);
    expect(await fs.readFile(shopFile(), 'utf8')).toBe(written);
  });

  it('answers 409 on a stale file version and writes nothing', async () => {
    const stale = await versionOf('shop.json');
    await fs.appendFile(shopFile(), '\n');
    const res = await api()
      .post('/v1/training/inbox/assign')
      .send({ texts: ['parcel news'], intent: 'order.status', fileVersion: stale })
      .expect(409);
    expect(res.body.error).toMatchObject({ code: 'training.stale_version', details: { file: 'shop.json' } });
    expect(await fs.readFile(shopFile(), 'utf8')).toBe(`${SHOP}\n`);
    const created = await api()
      .post('/v1/training/inbox/create-intent')
      .send({
        texts: ['gift cards'],
        intent: 'gift.cards',
        answer: 'Yes',
        file: 'shop.json',
        fileVersion: stale,
      })
      .expect(409);
    expect(created.body.error.code).toBe('training.stale_version');
    expect((await api().get('/v1/training/inbox?status=done').expect(200)).body.counts.done).toBe(0);
  });

  it.each([
    '../evil.json',
    '../../tmp/evil.json',
    'sub/evil.json',
    '/tmp/evil.json',
    '.hidden.json',
    'evil.txt',
  ])('rejects the path-traversal attempt %j with 400 and writes nothing', async (file) => {
    const before = await fs.readdir(t.dir, { recursive: true });
    const res = await api()
      .post('/v1/training/inbox/create-intent')
      .send({ texts: ['gift cards please'], intent: 'gift.cards', answer: 'Yes, we sell them.', file })
      .expect(400);
    expect(res.body.error.code).toBe('training.invalid_path');
    expect(await fs.readdir(t.dir, { recursive: true })).toEqual(before);
    expect(await fs.readFile(shopFile(), 'utf8')).toBe(SHOP);
  });

  it('create-intent: adds a new intent to a new file (or an existing one) and it matches after the reload', async () => {
    const texts = ['do you sell gift cards', 'can I buy a gift card'];
    const res = await api()
      .post('/v1/training/inbox/create-intent')
      .send({ texts, intent: 'gift.cards', answer: 'Yes, in any amount.' })
      .expect(201);
    expect(res.body.file).toMatchObject({ name: 'inbox.json', added: texts });
    const file = JSON.parse(await fs.readFile(path.join(t.intentsDir, 'inbox.json'), 'utf8'));
    expect(file.data).toEqual([
      { intent: 'gift.cards', utterances: texts, answers: ['Yes, in any amount.'] },
    ]);
    expect((await chat('do you sell gift cards')).body.nlu).toMatchObject({
      intent: 'gift.cards',
      matched: true,
    });

    const into = await api()
      .post('/v1/training/inbox/create-intent')
      .send({
        texts: ['do you have a loyalty program'],
        intent: 'loyalty',
        answer: { text: 'Yes!' },
        file: 'shop.json',
        fileVersion: await versionOf('shop.json'),
      })
      .expect(201);
    expect(into.body.file.name).toBe('shop.json');
    const shop = await fs.readFile(shopFile(), 'utf8');
    expect(shop.startsWith(SHOP.slice(0, SHOP.lastIndexOf('        }\n    ]')))).toBe(true);
    expect(JSON.parse(shop).data.at(-1).intent).toBe('loyalty');

    const dup = await api()
      .post('/v1/training/inbox/create-intent')
      .send({ texts: ['x y z'], intent: 'gift.cards', answer: 'again' })
      .expect(409);
    expect(dup.body.error.code).toBe('training.intent_exists');
    const taken = await api()
      .post('/v1/training/inbox/assign')
      .send({ texts: ['return policy'], intent: 'order.status', fileVersion: await versionOf('shop.json') })
      .expect(409);
    expect(taken.body.error).toMatchObject({
      code: 'training.utterance_taken',
      details: [{ intent: 'returns' }],
    });
    await api()
      .post('/v1/training/inbox/assign')
      .send({ texts: ['x'], intent: 'no.such', fileVersion: await versionOf('shop.json') })
      .expect(404);
  });

  it('ignore, reopen and bulk actions on a whole cluster', async () => {
    for (const text of ['xylophone lessons pricing', 'xylophone lesson prices', 'purple monkey dishwasher'])
      await chat(text);
    const inbox = await api().get('/v1/training/inbox').expect(200);
    const texts = inbox.body.entries.flatMap((e: { items: { text: string }[] }) =>
      e.items.map((i) => i.text),
    );
    const ignored = await api().post('/v1/training/inbox/ignore').send({ texts }).expect(200);
    expect(ignored.body.keys).toHaveLength(3);
    const after = await api().get('/v1/training/inbox?status=ignored').expect(200);
    expect(after.body.counts).toEqual({ open: 0, done: 0, ignored: 3 });
    await api()
      .post('/v1/training/inbox/reopen')
      .send({ texts: ['purple monkey dishwasher'] })
      .expect(200);
    expect((await api().get('/v1/training/inbox').expect(200)).body.counts).toEqual({
      open: 1,
      done: 0,
      ignored: 2,
    });
    await api().post('/v1/training/inbox/ignore').send({ texts: [] }).expect(400);
  });

  it('validate: records verdicts (and assigns the right intent when wrong), reported as validated precision', async () => {
    await chat('where is my order');
    await chat('hello');
    const correct = await api()
      .post('/v1/training/inbox/validate')
      .send({ texts: ['where is my order'], verdict: 'correct' })
      .expect(200);
    expect(correct.body.keys).toEqual(['where is my order']);
    const wrong = await api()
      .post('/v1/training/inbox/validate')
      .send({
        texts: ['hello I want a refund for my order'],
        verdict: 'wrong',
        predicted: 'greeting',
        intent: 'returns',
        fileVersion: await versionOf('shop.json'),
      })
      .expect(200);
    expect(wrong.body.file.added).toEqual(['hello I want a refund for my order']);
    await api()
      .post('/v1/training/inbox/validate')
      .send({ texts: ['hello'], verdict: 'correct', intent: 'greeting' })
      .expect(400);
    const decisions = await t.parley.store.listInboxDecisions({});
    expect(decisions.find((d) => d.key === 'where is my order')).toMatchObject({
      verdict: 'correct',
      predicted: 'order.status',
      intent: 'order.status',
    });

    const report = await api().get('/v1/training/report').expect(200);
    expect(report.body.validation).toEqual({ correct: 1, wrong: 1, precision: 0.5 });
    expect(report.body.models).toEqual([
      expect.objectContaining({ messages: 2, matched: 2, matchedRate: 1, modelVersion: expect.any(String) }),
    ]);
    expect(report.body.inbox).toEqual(expect.objectContaining({ open: expect.any(Number) }));
    await chat('where is my order');
    const later = await api().get('/v1/training/report').expect(200);
    expect(later.body.models.map((m: { modelVersion: string }) => m.modelVersion)).toEqual([
      report.body.models[0].modelVersion,
      wrong.body.modelVersion,
    ]);
    await api().get('/v1/training/report?from=yesterday').expect(400);
  });
});
