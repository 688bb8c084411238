import type { Attributes, FlowPosition } from '../../../src/core';
import { decodeFlowPayload, findTrigger, runFlow, variantAttribute } from '../../../src/flows';
import type { FlowInput, FlowOutcome } from '../../../src/flows';
import { Chat, demoCatalog, eventTypes, quickRepliesOf, T0, textsOf } from './flow-test-kit';

const catalog = demoCatalog(true);

type Step = { text: string; entities?: Record<string, string> } | { tap: string; title?: string } | { tapPayload: string };

interface Expectation {
  readonly position?: Partial<FlowPosition> | null;
  readonly texts?: string[];
  readonly events?: string[];
  readonly attributes?: Attributes;
  readonly handoff?: boolean;
  readonly kind?: FlowOutcome['kind'];
  readonly check?: (outcome: FlowOutcome) => void;
}

/** Starts `flowId` and plays `steps`; a `tap` names a quick reply (or postback button) of the previous outcome. */
function play(flowId: string, steps: Step[], attributes: Attributes = {}): { chat: Chat; last: FlowOutcome } {
  const chat = new Chat(catalog, 'contact-1', '');
  chat.attributes = attributes;
  let last = chat.start(flowId);
  for (const step of steps) {
    if ('text' in step) last = chat.send({ kind: 'text', text: step.text, nlu: null, entities: step.entities });
    else if ('tapPayload' in step) last = chat.tap(step.tapPayload);
    else last = chat.tap(choose(last, step.tap), step.title);
  }
  return { chat, last };
}

function choose(outcome: FlowOutcome, title: string): string {
  const messages = outcome.kind === 'advanced' ? outcome.messages : [];
  for (const { message } of messages) {
    const chips = message.quickReplies ?? [];
    const buttons = message.type === 'buttons' ? message.buttons : message.type === 'carousel' ? message.cards.flatMap((c) => c.buttons ?? []) : [];
    const hit = [...chips, ...buttons].find((b) => b.title === title);
    if (hit !== undefined && 'payload' in hit) return hit.payload;
  }
  throw new Error(`no "${title}" in ${JSON.stringify(messages)}`);
}

const toCity: Step[] = [{ tap: 'Order code' }, { text: 'ab-1234' }, { text: '3' }];

test.each<[string, string, Step[], Expectation]>([
  [
    'say: text with a link, then media carrying the quick replies; waits as a menu',
    'kitchen-sink',
    [],
    {
      position: { stepId: 'menu' },
      texts: ['Hi pal! What now? Details at https://shop.example.com/help.', 'https://shop.example.com/img/menu.png'],
      check: (o) => expect(Object.keys(quickRepliesOf(o))).toEqual(['Order code', 'Birthday', 'Newsletter', 'Shipping']),
    },
  ],
  ['say: free text at a menu is not for the flow', 'kitchen-sink', [{ text: 'hello' }], { kind: 'not_for_flow', position: { stepId: 'menu' } }],
  ['say: a raw-payload quick reply is not for the flow', 'kitchen-sink', [{ tap: 'Shipping' }], { kind: 'not_for_flow', position: { stepId: 'menu' } }],
  ['say: a next quick reply goes to that step', 'kitchen-sink', [{ tap: 'Birthday' }], { position: { stepId: 'birthday' }, texts: ['When is your birthday?'] }],
  [
    'say: a flow quick reply completes this flow and starts the other',
    'kitchen-sink',
    [{ tap: 'Newsletter' }],
    { position: { flowId: 'newsletter', stepId: 'consent' }, events: ['flow_completed', 'flow_started', 'variant_assigned', 'step_reached'] },
  ],
  [
    'ask/regex: a wrong answer is re-asked with the prompt, then the fallback after maxAttempts',
    'kitchen-sink',
    [{ tap: 'Order code' }, { text: 'no idea' }, { text: 'still none' }],
    { position: { stepId: 'menu' }, events: ['validation_failed', 'step_reached'] },
  ],
  ['ask/regex: a matching answer is stored', 'kitchen-sink', [{ tap: 'Order code' }, { text: 'ab-1234' }], { attributes: { order_code: 'ab-1234' }, texts: ['How many?'] }],
  ['ask/integer: out of range is refused', 'kitchen-sink', [{ tap: 'Order code' }, { text: 'ab-1234' }, { text: '11' }], { position: { stepId: 'qty', retries: 1 }, texts: ['How many?'] }],
  [
    'ask/entity: the value comes from the NLU entities',
    'kitchen-sink',
    [...toCity, { text: 'I live in Lyon', entities: { city: 'Lyon' } }],
    { attributes: { city: 'Lyon' }, position: { stepId: 'phone' } },
  ],
  ['ask: typing the skip title skips (default "Skip")', 'kitchen-sink', [...toCity, { text: 'skip' }], { position: { stepId: 'phone' }, events: ['step_reached'] }],
  [
    'ask/phone with GB region, then set + branch (exists) + goal + jump into another flow',
    'kitchen-sink',
    [...toCity, { tap: 'Skip' }, { text: '020 7946 0958' }],
    {
      attributes: { phone: '+442079460958', tagline: '3 for pal' },
      position: { flowId: 'newsletter', stepId: 'email' },
      events: ['attribute_captured', 'step_reached', 'step_reached', 'step_reached', 'goal_reached', 'conversion', 'step_reached', 'flow_completed', 'flow_started', 'step_reached'],
      texts: ['What email should we send it to?'],
    },
  ],
  [
    'branch: else → a carousel whose card title is interpolated; postback buttons route',
    'kitchen-sink',
    [...toCity, { tap: 'Skip' }, { tap: 'No phone' }],
    {
      texts: ['3 for pal', 'What email should we send it to?'],
      check: (o) => {
        const card = o.kind === 'advanced' ? o.messages[0]?.message : undefined;
        const button = card?.type === 'carousel' ? card.cards[0]?.buttons?.[0] : undefined;
        expect(button?.type === 'postback' && decodeFlowPayload(button.payload)).toEqual({
          flowId: 'kitchen-sink',
          stepId: 'offer',
          action: { kind: 'goto', stepId: 'menu' },
        });
      },
    },
  ],
  [
    'branch (gte) → buttons with an interpolated URL, then handoff ends the flow',
    'kitchen-sink',
    [{ tap: 'Order code' }, { text: 'ab-1234' }, { text: '7' }, { tap: 'Skip' }, { tap: 'No phone' }],
    {
      handoff: true,
      position: null,
      texts: ['Bulk order! Someone will help you.', 'Connecting you with a person…'],
      check: (o) => {
        const first = o.kind === 'advanced' ? o.messages[0]?.message : undefined;
        expect(first?.type === 'buttons' && first.buttons[0]).toEqual({ type: 'url', title: 'Bulk pricing', url: 'https://shop.example.com/bulk?qty=7' });
        expect(eventTypes(o).at(-1)).toBe('flow_completed');
        expect(o.kind === 'advanced' && o.events.at(-1)?.data).toEqual({ outcome: 'handoff' });
      },
    },
  ],
  ['ask/date: stored as an ISO date; end without text completes silently', 'kitchen-sink', [{ tap: 'Birthday' }, { text: 'tomorrow' }], { attributes: { birthday: '2024-05-04' }, position: null, texts: [], events: ['attribute_captured', 'step_reached', 'flow_completed'] }],
  ['ask/date: after max is refused', 'kitchen-sink', [{ tap: 'Birthday' }, { text: 'January 3rd 2030' }], { position: { stepId: 'birthday', retries: 1 } }],
  ['ask/choice with numeric values: feedback rating', 'feedback', [{ tap: '5 😍' }], { attributes: { rating: 5 }, position: { stepId: 'comment' } }],
  [
    'branch (lte) → choice → handoff in the feedback flow',
    'feedback',
    [{ text: 'two' }, { tap: 'Yes please' }],
    { attributes: { rating: 2, wants_human: true }, handoff: true, position: null, texts: ['Got it, someone from our team will reply here shortly.'] },
  ],
  ['ask: skip quick reply goes to skip.next', 'feedback', [{ text: '4' }, { tap: 'Skip' }], { position: null, texts: ['Thank you, friend! Your feedback helps us improve.'] }],
  [
    'set: stores a value; end interpolates declared data',
    'newsletter',
    [{ text: 'yes' }, { text: 'jo@example.com' }, { tap: 'Skip' }],
    { attributes: { newsletter: true, email: 'jo@example.com' }, texts: ['You\'re in, friend! The first issue lands in jo@example.com this week.'], events: ['step_reached', 'step_reached', 'goal_reached', 'conversion', 'step_reached', 'flow_completed'] },
  ],
])('%s', (_name, flowId, steps, expected) => {
  const { chat, last } = play(flowId, steps);
  if (expected.kind !== undefined) expect(last.kind).toBe(expected.kind);
  if (expected.position === null) expect(chat.position).toBeNull();
  else if (expected.position !== undefined) expect(chat.position).toMatchObject(expected.position);
  if (expected.texts !== undefined) expect(textsOf(last)).toEqual(expected.texts);
  if (expected.events !== undefined) expect(eventTypes(last)).toEqual(expected.events);
  if (expected.attributes !== undefined) expect(chat.attributes).toMatchObject(expected.attributes);
  if (expected.handoff !== undefined) expect(last.kind === 'advanced' && last.handoff).toBe(expected.handoff);
  expected.check?.(last);
});

describe('A/B variants', () => {
  const ctxFor = (contactId: string, attributes: Attributes = {}) => ({
    catalog,
    contact: { id: contactId, attributes },
    now: T0,
    ttlMs: 1000,
    threshold: 0.8,
    globalIntents: new Set<string>(),
  });
  const start: FlowInput = { kind: 'start', flowId: 'kitchen-sink' };
  const codeVariant = (contactId: string, attributes: Attributes = {}) => {
    const menu = runFlow(null, start, ctxFor(contactId, attributes));
    const outcome = runFlow(menu.position, { kind: 'payload', payload: quickRepliesOf(menu)['Order code']! }, ctxFor(contactId, attributes));
    return outcome.kind === 'advanced' ? outcome : undefined;
  };

  test('a contact always gets the same variant, and it is logged on the step events', () => {
    const first = codeVariant('c-42');
    const again = codeVariant('c-42');
    const assigned = first?.events.find((e) => e.type === 'variant_assigned');
    expect(assigned?.variant).toMatch(/^(plain|friendly)$/);
    expect(again?.events.find((e) => e.type === 'variant_assigned')?.variant).toBe(assigned?.variant);
    expect(first?.events.find((e) => e.type === 'step_reached' && e.stepId === 'code')?.variant).toBe(assigned?.variant);
    expect(first?.messages[0]?.variant).toBe(assigned?.variant);
  });

  test('variant_assigned is emitted once per contact and step', () => {
    const first = codeVariant('c-7');
    const remembered = { ...(first?.attributes as Attributes) };
    const second = codeVariant('c-7', remembered);
    expect(second?.events.map((e) => e.type)).not.toContain('variant_assigned');
    expect(second?.events.find((e) => e.type === 'step_reached' && e.stepId === 'code')?.variant).toBe(
      remembered[variantAttribute('kitchen-sink', 'code')],
    );
  });

  test('assignment follows the weights (3:1)', () => {
    let plain = 0;
    for (let i = 0; i < 2000; i++) {
      if (codeVariant(`contact-${i}`)?.events.find((e) => e.type === 'variant_assigned')?.variant === 'plain') plain += 1;
    }
    expect(plain / 2000).toBeGreaterThan(0.7);
    expect(plain / 2000).toBeLessThan(0.8);
  });
});

describe('findTrigger', () => {
  test.each<[Parameters<typeof findTrigger>[1], ReturnType<typeof findTrigger>]>([
    [{ intent: 'product.finder' }, { flowId: 'product-finder', via: 'intent', value: 'product.finder' }],
    [{ payload: 'START_NEWSLETTER' }, { flowId: 'newsletter', via: 'payload', value: 'START_NEWSLETTER' }],
    [{ ref: 'sink-ref' }, { flowId: 'kitchen-sink', via: 'ref', value: 'sink-ref' }],
    [{ adId: '120000000001' }, { flowId: 'kitchen-sink', via: 'adId', value: '120000000001' }],
    [{ text: 'Open the Jacket-Finder please' }, { flowId: 'product-finder', via: 'keyword', value: 'jacket finder' }],
    [{ payload: 'START_FEEDBACK', intent: 'product.finder' }, { flowId: 'feedback', via: 'payload', value: 'START_FEEDBACK' }],
    [{ text: 'a jacket', intent: 'unknown' }, null],
    [{}, null],
  ])('%j → %j', (query, expected) => {
    expect(findTrigger(catalog, query)).toEqual(expected);
  });
});

describe('starting and leaving flows', () => {
  test('starting a flow while in another abandons the first as replaced', () => {
    const chat = new Chat(catalog);
    chat.start('product-finder');
    const outcome = chat.send({ kind: 'start', flowId: 'feedback', trigger: 'intent:feedback', campaign: 'summer' });
    expect(outcome.kind === 'advanced' && outcome.events.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'flow_abandoned', flowId: 'product-finder', stepId: 'size', data: expect.objectContaining({ reason: 'replaced' }) }),
      expect.objectContaining({ type: 'flow_started', flowId: 'feedback', stepId: 'rating', campaign: 'summer', data: { trigger: 'intent:feedback' } }),
    ]);
  });

  test('an unknown flow, a non-flow payload or text without a flow are not for the flow', () => {
    const chat = new Chat(catalog);
    expect(chat.start('nope').kind).toBe('not_for_flow');
    expect(chat.tap('GET_STARTED').kind).toBe('not_for_flow');
    expect(chat.tap('FLOW|gone|step|=x').kind).toBe('not_for_flow');
    expect(chat.text('hi').kind).toBe('not_for_flow');
  });

  test('a forged goto payload that the step does not offer only re-shows the step', () => {
    const chat = new Chat(catalog);
    chat.start('kitchen-sink');
    const outcome = chat.tap('FLOW|kitchen-sink|menu|>goal');
    expect(eventTypes(outcome)).not.toContain('goal_reached');
    expect(chat.position?.stepId).toBe('menu');
  });
});
