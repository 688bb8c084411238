import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { OutboundMessage } from '../../src/core';
import { waitFor } from '../helpers/capture-logger';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley, DEMO_FLOWS } from '../helpers/test-parley';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

type Chat = { messages: OutboundMessage[]; nlu: { intent: string | null; matched: boolean } | null };

describe('guided flows over POST /v1/chat (demo product finder)', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await createTestParley();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const say = async (contactId: string, body: { text: string } | { payload: string }): Promise<Chat> =>
    (
      await request(t.parley.app)
        .post('/v1/chat')
        .send({ contactId, ...body })
        .expect(200)
    ).body as Chat;
  const chip = (chat: Chat, title: string): string => {
    const last = chat.messages.at(-1)!;
    const found = last.quickReplies?.find((q) => q.title === title);
    if (!found) throw new Error(`no chip "${title}" in ${JSON.stringify(last)}`);
    return found.payload;
  };
  const allText = (chat: Chat) => chat.messages.map((m) => ('text' in m ? m.text : '')).join('\n');

  it('captures size, style, budget and email on the contact and reaches the conversion goal', async () => {
    const start = await say('walker', { text: 'can you help me find a jacket?' });
    expect(allText(start)).toMatch(/what size/i);
    const style = await say('walker', { payload: chip(start, 'M') });
    expect(allText(style)).toMatch(/style/i);
    const budget = await say('walker', { text: 'outdoor' });
    expect(allText(budget)).toMatch(/budget/i);
    const picks = await say('walker', { text: '300' });
    const carousel = picks.messages.find((m) => m.type === 'carousel');
    expect(carousel).toBeDefined();
    const consent = await say('walker', { payload: chip(picks, 'Yes, email me') });
    expect(allText(consent)).toMatch(/email address/i);
    const done = await say('walker', { text: 'walker@example.com' });
    expect(done.messages.length).toBeGreaterThan(0);

    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'walker' });
    expect(contact!.attributes).toMatchObject({
      size: 'M',
      style: 'outdoor',
      budget: 300,
      email: 'walker@example.com',
    });
    const events = await t.parley.store.listEvents({ contactId: contact!.id });
    const types = events.map((e) => e.type);
    expect(types.filter((x) => x === 'attribute_captured')).toHaveLength(5); // size, style, budget, consent, email
    expect(types).toEqual(
      expect.arrayContaining(['flow_started', 'goal_reached', 'conversion', 'flow_completed']),
    );
    expect(events.find((e) => e.type === 'conversion')).toMatchObject({
      flowId: 'product-finder',
      value: 25,
    });
    // Answers consumed by captures are not NLU-evaluated messages.
    const evaluated = events.filter((e) => e.type === 'nlu_evaluated');
    expect(evaluated).toHaveLength(1);
  });

  it('re-asks an invalid email and sends the third failure to the fallback step', async () => {
    const start = await say('typo', { text: 'help me find a jacket' });
    await say('typo', { payload: chip(start, 'L') });
    await say('typo', { text: 'casual' });
    const picks = await say('typo', { text: '120' });
    await say('typo', { payload: chip(picks, 'Yes, email me') });
    const first = await say('typo', { text: 'bob(at)example' });
    expect(allText(first)).toMatch(/email/i);
    const second = await say('typo', { text: 'still@wrong' });
    expect(allText(second)).toMatch(/email/i);
    await say('typo', { text: 'nope nope' });

    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'typo' });
    expect(contact!.attributes.email).toBeUndefined();
    const events = await t.parley.store.listEvents({
      contactId: contact!.id,
      types: ['validation_failed', 'step_reached'],
    });
    expect(events.filter((e) => e.type === 'validation_failed' && e.stepId === 'email')).toHaveLength(3);
    expect(events.some((e) => e.type === 'step_reached' && e.stepId === 'email_failed')).toBe(true);
    expect((await t.parley.store.getConversation(contact!.id, Date.now())).flow).toBeNull();
  });

  it('redirects a carousel link with the four utm_* parameters and logs exactly one click', async () => {
    const start = await say('clicker', { text: 'recommend me a jacket' });
    await say('clicker', { payload: chip(start, 'S') });
    await say('clicker', { text: 'smart' });
    const picks = await say('clicker', { text: '500' });
    const carousel = picks.messages.find((m) => m.type === 'carousel');
    if (carousel?.type !== 'carousel') throw new Error('no carousel');
    const button = carousel.cards[0]!.buttons!.find((b) => b.type === 'url');
    if (button?.type !== 'url') throw new Error('no url button');
    expect(button.url).toMatch(new RegExp(`^${t.parley.config.publicUrl}/r/[A-Za-z0-9_-]{22}$`));
    const token = button.url.split('/r/')[1]!;

    const res = await request(t.parley.app).get(`/r/${token}`).expect(302);
    const target = new URL(res.headers.location!);
    expect(target.origin).toBe('https://shop.example.com');
    expect(target.searchParams.get('utm_source')).toBe('parley');
    expect(target.searchParams.get('utm_medium')).toBe('web');
    expect(target.searchParams.get('utm_campaign')).toBe('product-finder');
    expect(target.searchParams.get('utm_content')).toBe('premium_picks');
    expect(target.searchParams.get('size')).toBe('S');

    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'clicker' });
    const clicks = await t.parley.store.listEvents({ contactId: contact!.id, types: ['link_clicked'] });
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ flowId: 'product-finder', stepId: 'premium_picks', channel: 'web' });
  });

  it('answers an unknown token with a 404 page and logs nothing', async () => {
    const before = await t.parley.store.listEvents({ types: ['link_clicked'], limit: 1000 });
    const res = await request(t.parley.app).get('/r/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(res.headers['content-type']).toMatch(/html/);
    await request(t.parley.app).get('/r/..%2F..%2Fetc').expect(404);
    expect(await t.parley.store.listEvents({ types: ['link_clicked'], limit: 1000 })).toHaveLength(
      before.length,
    );
  });

  it('answers a strong other intent inside a question and asks the question again', async () => {
    const start = await say('switcher', { text: 'help me pick a jacket' });
    expect(allText(start)).toMatch(/what size/i);
    const detour = await say('switcher', { text: 'how long does shipping take?' });
    expect(detour.nlu).toMatchObject({ intent: 'shipping.time', matched: true });
    expect(allText(detour)).toMatch(/ship|deliver/i);
    expect(allText(detour)).toMatch(/what size/i);
  });

  it('stop inside a flow unsubscribes and abandons the flow', async () => {
    await say('quitter', { text: 'find me a jacket' });
    await say('quitter', { text: 'stop' });
    const contact = await t.parley.store.findContact({ channel: 'web', externalId: 'quitter' });
    expect(contact!.subscribed).toBe(false);
    const abandoned = await t.parley.store.listEvents({ contactId: contact!.id, types: ['flow_abandoned'] });
    expect(abandoned).toEqual([
      expect.objectContaining({
        flowId: 'product-finder',
        data: expect.objectContaining({ reason: 'stop' }),
      }),
    ]);
  });
});

describe('flow validation', () => {
  it('parley validate exits non-zero naming the file and JSON path of a jump to a missing step', async () => {
    const t = await createTestParley({ load: false });
    try {
      const file = path.join(t.flowsDir, 'product-finder.json');
      const flow = JSON.parse(await fs.readFile(file, 'utf8'));
      flow.steps[0].next = 'no_such_step';
      await fs.writeFile(file, JSON.stringify(flow, null, 2));
      const result = await run(
        path.join(ROOT, 'node_modules/.bin/tsx'),
        [path.join(ROOT, 'src/cli/dev.ts'), 'validate'],
        {
          env: {
            ...process.env,
            INTENTS_DIR: t.intentsDir,
            FLOWS_DIR: t.flowsDir,
            DATA_DIR: path.join(t.dir, 'data'),
          },
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('product-finder.json');
      expect(result.stderr).toContain('steps[0].next');
      expect(result.stderr).toContain('flows.unknown_step');
    } finally {
      await t.cleanup();
    }
  });

  it('parley validate passes on the demo bot', async () => {
    const { stdout } = await run(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'src/cli/dev.ts'), 'validate'],
      {
        cwd: ROOT,
        env: { ...process.env, FLOWS_DIR: DEMO_FLOWS },
      },
    );
    expect(stdout).toMatch(/^ok: \d+ intents, 3 flows, 0 warning/m);
  });

  it('a running server keeps the last good flows when a flow file breaks', async () => {
    const t = await createTestParley();
    try {
      await t.parley.bot.watch();
      const serving = t.parley.bot.current()!;
      const file = path.join(t.flowsDir, 'product-finder.json');
      const flow = JSON.parse(await fs.readFile(file, 'utf8'));
      flow.steps[0].next = 'no_such_step';
      await fs.writeFile(file, JSON.stringify(flow, null, 2));
      await waitFor(() => t.logs.some((l) => l.event === 'bot.reload.failed'), 15_000, 'failed reload');
      const problem = t.logs.find((l) => l.event === 'bot.reload.problem');
      expect(problem).toMatchObject({ code: 'flows.unknown_step', path: 'steps[0].next' });
      expect(t.parley.bot.current()).toBe(serving);
      const res = await request(t.parley.app)
        .post('/v1/chat')
        .send({ contactId: 'k', text: 'help me find a jacket' })
        .expect(200);
      expect(JSON.stringify(res.body.messages)).toMatch(/what size/i);
    } finally {
      await t.cleanup();
    }
  });
});
