import { outboundMessageSchema } from '../../../src/core';
import { Chat, DAY, demoCatalog, eventTypes, nlu, quickRepliesOf, textsOf } from './flow-test-kit';

const catalog = demoCatalog();

/** Walks the product finder up to the email question. */
function toEmailQuestion(): Chat {
  const chat = new Chat(catalog);
  chat.start('product-finder');
  chat.text('a medium please');
  chat.tap(quickRepliesOf(chat.outcomes[1]!)['Outdoor']!, 'Outdoor');
  chat.text('cheap please');
  chat.text('$120');
  const consent = chat.outcomes[chat.outcomes.length - 1]!;
  chat.tap(quickRepliesOf(consent)['Yes, email me']!);
  return chat;
}

describe('the product finder, end to end through runFlow', () => {
  test('captures size, style, budget and consent, re-asks a bad budget, shows 3 products', () => {
    const chat = new Chat(catalog);
    const started = chat.start('product-finder');
    expect(eventTypes(started)).toEqual(['flow_started', 'variant_assigned', 'step_reached', 'step_reached']);
    expect(textsOf(started)[0]).toMatch(/^(Hi|Hey) Jo/);
    expect(Object.keys(quickRepliesOf(started))).toEqual(['XS', 'S', 'M', 'L', 'XL', 'XXL']);
    expect(chat.position).toMatchObject({ flowId: 'product-finder', stepId: 'size', retries: 0 });

    const size = chat.text('a medium please');
    expect(size.kind).toBe('advanced');
    expect(chat.attributes['size']).toBe('M');
    expect(size.kind === 'advanced' && size.events[0]).toMatchObject({
      type: 'attribute_captured',
      flowId: 'product-finder',
      stepId: 'size',
      data: { attribute: 'size', type: 'choice', value: 'M' },
    });
    expect(textsOf(size)).toEqual(['What style are you going for?']);

    chat.tap(quickRepliesOf(size)['Outdoor']!, 'Outdoor');
    expect(chat.attributes['style']).toBe('outdoor');
    expect(chat.position?.stepId).toBe('budget');

    const bad = chat.text('cheap please');
    expect(eventTypes(bad)).toEqual(['validation_failed']);
    expect(textsOf(bad)).toEqual(['Just a number between 20 and 2000 please, like 120.']);
    expect(chat.position).toMatchObject({ stepId: 'budget', retries: 1 });

    const picks = chat.text('$120');
    expect(chat.attributes['budget']).toBe(120);
    expect(picks.kind === 'advanced' && picks.events.find((e) => e.type === 'attribute_captured')?.value).toBe(120);
    const carousel = picks.kind === 'advanced' ? picks.messages.find((m) => m.message.type === 'carousel') : undefined;
    expect(carousel?.stepId).toBe('value_picks');
    expect(textsOf(picks)[0]).toBe('Here are 3 jackets in size M under $120 for your outdoor wardrobe:');
    const cards = carousel?.message.type === 'carousel' ? carousel.message.cards : [];
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      expect(card.url).toMatch(/^https:\/\/shop\.example\.com\/jackets\/[a-z-]+\?size=M$/);
      expect(card.imageUrl).toMatch(/^https:\/\/shop\.example\.com\/img\/[a-z-]+\.jpg$/);
    }
    expect(eventTypes(picks)).toContain('goal_reached');
    expect(eventTypes(picks)).not.toContain('conversion');
    expect(chat.position?.stepId).toBe('consent');

    chat.tap(quickRepliesOf(picks)['Yes, email me']!);
    expect(chat.attributes['email_consent']).toBe(true);
    expect(chat.position?.stepId).toBe('email');
  });

  test.each([
    ['small', 'S'],
    ['Medium please', 'M'],
    ['extra large', 'XL'],
    ['2XL', 'XXL'],
    ['5', 'XL'],
  ])('the size %j is captured as %j', (answer, size) => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    chat.text(answer);
    expect(chat.attributes['size']).toBe(size);
    expect(chat.position?.stepId).toBe('style');
  });

  test('a budget of 150 or more shows the premium picks', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    chat.text('L');
    chat.text('smart');
    const picks = chat.text('about 300 dollars');
    expect(chat.attributes).toMatchObject({ size: 'L', style: 'smart', budget: 300 });
    const carousel = picks.kind === 'advanced' ? picks.messages.find((m) => m.message.type === 'carousel') : undefined;
    expect(carousel?.stepId).toBe('premium_picks');
    const cards = carousel?.message.type === 'carousel' ? carousel.message.cards : [];
    expect(cards).toHaveLength(3);
    for (const card of cards) expect(card.url).toMatch(/^https:\/\/shop\.example\.com\/jackets\/[a-z-]+\?size=L$/);
    expect(chat.position?.stepId).toBe('consent');
  });

  test('a valid email reaches the conversion goal with its value and completes the flow', () => {
    const chat = toEmailQuestion();
    const done = chat.text('sure: Jo@Example.com');
    expect(chat.attributes['email']).toBe('Jo@example.com');
    expect(done.kind === 'advanced' && done.events.filter((e) => e.type === 'goal_reached' || e.type === 'conversion')).toEqual([
      expect.objectContaining({ type: 'goal_reached', value: 25, data: { goal: 'lead_captured', currency: 'USD' } }),
      expect.objectContaining({ type: 'conversion', value: 25, data: { goal: 'lead_captured', currency: 'USD' } }),
    ]);
    expect(textsOf(done)[0]).toContain('on its way to Jo@example.com');
    expect(eventTypes(done).at(-1)).toBe('flow_completed');
    expect(chat.position).toBeNull();
    const captured = done.kind === 'advanced' ? done.events.find((e) => e.type === 'attribute_captured') : undefined;
    expect(captured?.data).toEqual({ attribute: 'email', type: 'email' });
  });

  test('an invalid email is re-asked; the third failure goes to the fallback step', () => {
    const chat = toEmailQuestion();
    for (const attempt of [1, 2]) {
      const retry = chat.text('jo at example dot com');
      expect(textsOf(retry)[0]).toMatch(/doesn't look like an email/);
      expect(Object.keys(quickRepliesOf(retry))).toEqual(['Skip']);
      expect(chat.position).toMatchObject({ stepId: 'email', retries: attempt });
    }
    const third = chat.text('nope');
    expect(eventTypes(third)[0]).toBe('validation_failed');
    expect(third.kind === 'advanced' && third.events[0]?.data).toMatchObject({ attribute: 'email', attempt: 3 });
    expect(third.kind === 'advanced' && third.messages.map((m) => m.stepId)).toEqual(['email_failed', 'goodbye']);
    expect(eventTypes(third)).not.toContain('conversion');
    expect(chat.attributes['email']).toBeUndefined();
    expect(chat.position).toBeNull();
  });

  test('tapping an old button goes back to that question', () => {
    const chat = toEmailQuestion();
    const sizeButtons = quickRepliesOf(chat.outcomes[0]!);
    const back = chat.tap(sizeButtons['XL']!, 'XL');
    expect(chat.attributes['size']).toBe('XL');
    expect(eventTypes(back)).toEqual(['step_reached', 'attribute_captured', 'step_reached']);
    expect(textsOf(back)).toEqual(['What style are you going for?']);
    expect(chat.position).toMatchObject({ flowId: 'product-finder', stepId: 'style', retries: 0 });
  });

  test('an old button still routes after the flow ended', () => {
    const chat = toEmailQuestion();
    chat.text('jo@example.com');
    expect(chat.position).toBeNull();
    const again = chat.tap(quickRepliesOf(chat.outcomes[0]!)['XS']!);
    expect(eventTypes(again)[0]).toBe('flow_started');
    expect(chat.position?.stepId).toBe('style');
  });

  test('a stale position expires: flow_abandoned at its last step, the contact starts fresh', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    chat.now += DAY + 1;
    const late = chat.text('medium');
    expect(late).toEqual({
      kind: 'not_for_flow',
      position: null,
      events: [expect.objectContaining({ type: 'flow_abandoned', flowId: 'product-finder', stepId: 'size', data: expect.objectContaining({ reason: 'expired' }) })],
    });
    expect(chat.attributes['size']).toBeUndefined();
  });

  test('a position just inside the TTL is kept', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    chat.now += DAY;
    chat.text('medium');
    expect(chat.attributes['size']).toBe('M');
  });

  test('every message sent on the way fits the channel limits', () => {
    const chat = toEmailQuestion();
    chat.text('jo@example.com');
    for (const outcome of chat.outcomes) {
      if (outcome.kind !== 'advanced') continue;
      for (const { message } of outcome.messages) expect(outboundMessageSchema.safeParse(message).success).toBe(true);
    }
  });
});

describe('interruptions inside a question', () => {
  test('another strong intent gets its answer, then the question is asked again', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    const outcome = chat.text('how long does shipping take?', nlu('shipping.time', 0.93));
    expect(outcome).toMatchObject({ kind: 'interrupt', intent: 'shipping.time', global: false });
    expect(textsOf(outcome)).toEqual(['First, what size do you usually wear?']);
    expect(chat.position).toMatchObject({ stepId: 'size', retries: 0 });
  });

  test('a global intent interrupts even when the text could be an answer', () => {
    const chat = new Chat(catalog);
    chat.start('newsletter');
    chat.text('yes');
    const outcome = chat.text('stop', nlu('stop', 0.99));
    expect(outcome).toMatchObject({ kind: 'interrupt', intent: 'stop', global: true });
  });

  test('a weak intent match is just a wrong answer', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    const outcome = chat.text('how long does shipping take?', nlu('shipping.time', 0.6));
    expect(eventTypes(outcome)).toEqual(['validation_failed']);
  });

  test('a valid answer wins over a strong non-global intent', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    const outcome = chat.text('large, and how fast is shipping?', nlu('shipping.time', 0.9));
    expect(outcome.kind).toBe('advanced');
    expect(chat.attributes['size']).toBe('L');
  });

  test('a step with interruptible: false treats a strong intent as an answer', () => {
    const chat = new Chat(catalog);
    chat.start('feedback');
    chat.text('4');
    expect(chat.position?.stepId).toBe('comment');
    const outcome = chat.text('?', nlu('shipping.time', 0.95));
    expect(eventTypes(outcome)).toEqual(['validation_failed']);
  });
});
