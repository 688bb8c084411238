import type { Contact, InboundEvent } from '../../../src/core';
import { initialConversationState, outboundMessageSchema } from '../../../src/core';
import type { Bot, TurnDeps, TurnOutcome } from '../../../src/runtime';
import { handleEvent } from '../../../src/runtime';
import { buildTestBot } from '../../helpers/build-test-bot';

const NOW = Date.UTC(2026, 10, 23, 12);

/** The messages of a turn, without their origin. */
const messages = (out: TurnOutcome) => out.outbound.map((item) => item.message);

const contact = (over: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  channel: 'web',
  externalId: 'u1',
  profile: { firstName: 'Ada' },
  attributes: {},
  subscribed: true,
  reachable: true,
  lastInboundAt: null,
  pageId: null,
  createdAt: 0,
  ...over,
});

const text = (t: string): InboundEvent => ({
  type: 'text',
  text: t,
  channel: 'web',
  contactId: 'u1',
  messageId: `m-${t}`,
  timestamp: NOW,
});
const tap = (payload: string): InboundEvent => ({
  type: 'quick_reply',
  payload,
  channel: 'web',
  contactId: 'u1',
  messageId: `p-${payload}`,
  timestamp: NOW,
});

describe('handleEvent', () => {
  let bot: Bot;
  let deps: TurnDeps;
  beforeAll(async () => {
    bot = await buildTestBot();
  });
  beforeEach(() => {
    deps = { bot, contact: contact(), now: NOW, random: () => 0, handoffMs: 60_000, flowTtlMs: 86_400_000 };
  });
  const state = initialConversationState('c1', 0);

  it('answers a matched intent with an answer variant chosen by the random source', async () => {
    const first = await handleEvent(state, text('how long does shipping take'), { ...deps, random: () => 0 });
    const second = await handleEvent(state, text('how long does shipping take'), {
      ...deps,
      random: () => 0.99,
    });
    expect(first.nlu).toMatchObject({ intent: 'shipping', matched: true, modelVersion: 'test-model' });
    expect(messages(first)).toEqual([{ type: 'text', text: 'Shipping takes 3-5 days.' }]);
    expect(messages(second)).toEqual([{ type: 'text', text: 'We ship within 3-5 days.' }]);
    expect(first.state.lastIntent).toBe('shipping');
    expect(first.events.map((e) => e.type)).toEqual(['message_received', 'nlu_evaluated']);
    expect(first.contactPatch).toEqual({ lastInboundAt: NOW });
  });

  it('fills placeholders and turns intent chips into INTENT: payloads', async () => {
    const out = await handleEvent(state, text('hello'), deps);
    expect(messages(out)).toEqual([
      {
        type: 'text',
        text: 'Hi Ada! How can I help?',
        quickReplies: [{ title: 'Shipping', payload: 'INTENT:shipping' }],
      },
    ]);
  });

  it('renders buttons as a button message', async () => {
    const out = await handleEvent(state, tap('INTENT:returns'), deps);
    expect(messages(out)[0]).toMatchObject({
      type: 'buttons',
      buttons: [{ type: 'url', title: 'Start a return' }],
    });
    expect(out.nlu).toBeNull();
  });

  it('sends the fallback with suggestion chips when unmatched, and never offers global intents', async () => {
    const out = await handleEvent(state, text('purple monkey dishwasher'), deps);
    expect(out.nlu).toMatchObject({ intent: null, matched: false });
    expect(out.nlu!.score).toBeLessThan(0.5);
    const [message] = messages(out);
    expect(message).toMatchObject({ type: 'text' });
    const payloads = (message as { quickReplies: { payload: string }[] }).quickReplies.map((q) => q.payload);
    expect(payloads).toEqual(expect.arrayContaining(['INTENT:shipping', 'INTENT:returns']));
    expect(payloads).not.toContain('INTENT:stop');
    expect(out.events.map((e) => e.type)).toEqual(['message_received', 'nlu_evaluated', 'fallback_sent']);
  });

  it('unsubscribes a subscribed contact once, and resubscribes on start', async () => {
    const stop = await handleEvent(state, text('stop'), deps);
    expect(stop.contactPatch.subscribed).toBe(false);
    expect(stop.events.filter((e) => e.type === 'unsubscribed')).toHaveLength(1);
    const again = await handleEvent(state, text('stop'), {
      ...deps,
      contact: contact({ subscribed: false }),
    });
    expect(again.events.filter((e) => e.type === 'unsubscribed')).toHaveLength(0);
    const start = await handleEvent(state, tap('INTENT:start'), {
      ...deps,
      contact: contact({ subscribed: false }),
    });
    expect(start.contactPatch.subscribed).toBe(true);
    expect(start.events.map((e) => e.type)).toContain('subscribed');
  });

  it('pauses the bot on handoff and stays quiet while paused, except for an opt-out', async () => {
    const handoff = await handleEvent(state, text('talk to a human'), deps);
    expect(handoff.state.pausedUntil).toBe(NOW + 60_000);
    expect(handoff.events.map((e) => e.type)).toContain('handoff');
    const quiet = await handleEvent(handoff.state, text('how long does shipping take'), {
      ...deps,
      now: NOW + 1000,
    });
    expect(quiet.outbound).toEqual([]);
    expect(quiet.nlu).toBeNull();
    const optOut = await handleEvent(handoff.state, text('stop'), { ...deps, now: NOW + 1000 });
    expect(optOut.contactPatch.subscribed).toBe(false);
    const later = await handleEvent(handoff.state, text('how long does shipping take'), {
      ...deps,
      now: NOW + 61_000,
    });
    expect(later.outbound).toHaveLength(1);
  });

  it('restart clears the flow and the pause', async () => {
    const inFlow = {
      ...state,
      flow: { flowId: 'f', stepId: 's', retries: 1, startedAt: 0, updatedAt: 0 },
      pausedUntil: null,
    };
    const out = await handleEvent(inFlow, text('start over'), deps);
    expect(out.state.flow).toBeNull();
  });

  it('falls back for an intent without answers, an unknown payload and an attachment', async () => {
    const silent = await handleEvent(state, text('tell me a secret'), deps);
    expect(silent.events.find((e) => e.type === 'fallback_sent')?.data).toMatchObject({
      reason: 'no_answer',
    });
    const unknown = await handleEvent(state, tap('SOMETHING_OLD'), deps);
    expect(unknown.events.find((e) => e.type === 'fallback_sent')?.data).toMatchObject({
      reason: 'unknown_payload',
    });
    const attachment = await handleEvent(
      state,
      {
        type: 'attachment',
        attachments: [{ kind: 'image', url: 'https://x.example/a.png' }],
        channel: 'web',
        contactId: 'u1',
        messageId: 'a1',
        timestamp: NOW,
      },
      deps,
    );
    expect(messages(attachment)[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/only read text/),
    });
    expect(attachment.nlu).toBeNull();
  });

  it('records a referral with its campaign and sends nothing', async () => {
    const out = await handleEvent(
      state,
      {
        type: 'referral',
        referral: { ref: 'spring-sale', source: 'SHORTLINK' },
        channel: 'messenger',
        contactId: 'u1',
        messageId: 'r1',
        timestamp: NOW,
      },
      deps,
    );
    expect(out.outbound).toEqual([]);
    expect(out.events).toEqual([expect.objectContaining({ type: 'referral', campaign: 'spring-sale' })]);
    expect(out.contactPatch).toEqual({});
  });

  it('only ever emits messages within channel limits', async () => {
    for (const t of ['hello', 'purple monkey', 'return policy', 'stop', 'talk to a human']) {
      const out = await handleEvent(state, text(t), deps);
      for (const m of messages(out)) expect(outboundMessageSchema.safeParse(m).success).toBe(true);
    }
  });
});
