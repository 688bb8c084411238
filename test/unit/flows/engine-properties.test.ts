import fc from 'fast-check';
import { eventTypeSchema, flowPositionSchema, outboundMessageSchema } from '../../../src/core';
import type { Attributes, FlowPosition } from '../../../src/core';
import { captureSchema, decodeFlowPayload, encodeFlowPayload, runFlow, validateCapture } from '../../../src/flows';
import type { FlowCatalog, FlowInput, FlowOutcome } from '../../../src/flows';
import { DAY, demoCatalog, GLOBAL_INTENTS, T0 } from './flow-test-kit';

const catalog: FlowCatalog = demoCatalog(true);
const flowIds = [...catalog.flows.keys()];

const answers = [
  'medium', 'XL please', 'outdoor', '120', '$12,000', 'jo@example.com', 'not an email', 'skip', 'Skip', 'No phone',
  '3', '7', 'ab-1234', '+44 20 7946 0958', '(415) 555-2671', 'tomorrow', 'yes', 'no', 'two', '5', '',
];

/** One move of a contact: state-dependent choices (old buttons) are resolved at play time by index. */
type Move =
  | { kind: 'start'; flowId: string }
  | { kind: 'text'; text: string; intent: string | null; score: number; city: string | null }
  | { kind: 'tap-seen'; index: number }
  | { kind: 'tap-raw'; payload: string }
  | { kind: 'wait'; ms: number };

const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), flowId: fc.constantFrom(...flowIds, 'missing-flow') }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.oneof(fc.constantFrom(...answers), fc.string({ maxLength: 40 }), fc.string({ minLength: 1900, maxLength: 4100 })),
      intent: fc.constantFrom(null, 'stop', 'help', 'shipping.time', 'product.finder'),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
      city: fc.option(fc.string({ maxLength: 300 }), { nil: null }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('tap-seen' as const), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('tap-raw' as const),
      payload: fc.oneof(
        fc.string({ minLength: 1, maxLength: 50 }),
        fc
          .tuple(fc.constantFrom(...flowIds, 'x'), fc.constantFrom('menu', 'size', 'email', 'rating', 'code', 'nope'), fc.string({ maxLength: 20 }))
          .map(([flow, step, rest]) => `FLOW|${flow}|${step}|${rest}`),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 2 * DAY }) }) },
);

const contact = fc.record({
  id: fc.string({ minLength: 1, maxLength: 40 }),
  firstName: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 200, maxLength: 300 })), { nil: undefined }),
  attributes: fc.dictionary(
    fc.constantFrom('size', 'style', 'budget', 'email', 'nickname', 'tagline', 'qty', 'rating', 'phone', '_variant.kitchen-sink.code'),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ minLength: 1990, maxLength: 3000 }),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constantFrom('M', 'friendly', 'nope'),
    ),
  ),
});

interface Played {
  readonly outcomes: FlowOutcome[];
  readonly positions: (FlowPosition | null)[];
}

function payloadsOf(outcome: FlowOutcome): string[] {
  const messages = outcome.kind === 'advanced' ? outcome.messages : outcome.kind === 'interrupt' ? outcome.resume : [];
  return messages.flatMap(({ message }) => {
    const buttons = message.type === 'buttons' ? message.buttons : message.type === 'carousel' ? message.cards.flatMap((c) => c.buttons ?? []) : [];
    return [...(message.quickReplies ?? []), ...buttons].flatMap((b) => ('payload' in b ? [b.payload] : []));
  });
}

/** Plays moves like the runtime would: stores position and attributes, advances the clock. */
function play(who: { id: string; firstName: string | undefined; attributes: Attributes }, moves: Move[]): Played {
  let position: FlowPosition | null = null;
  let attributes: Attributes = { ...who.attributes };
  let now = T0;
  const seen: string[] = [];
  const outcomes: FlowOutcome[] = [];
  const positions: (FlowPosition | null)[] = [];
  for (const m of moves) {
    if (m.kind === 'wait') {
      now += m.ms;
      continue;
    }
    now += 1000;
    let input: FlowInput;
    if (m.kind === 'start') input = { kind: 'start', flowId: m.flowId };
    else if (m.kind === 'text') {
      const nlu = m.intent === null ? null : { intent: m.intent, score: m.score, matched: m.score >= 0.5, candidates: [], modelVersion: 'p' };
      input = { kind: 'text', text: m.text, nlu, entities: m.city === null ? undefined : { city: m.city } };
    } else if (m.kind === 'tap-raw') input = { kind: 'payload', payload: m.payload };
    else {
      const payload = seen[m.index % Math.max(1, seen.length)];
      if (payload === undefined) continue;
      input = { kind: 'payload', payload };
    }
    const ctx = {
      catalog,
      contact: { id: who.id, firstName: who.firstName, attributes },
      now,
      ttlMs: DAY,
      threshold: 0.8,
      globalIntents: GLOBAL_INTENTS,
    };
    const outcome = runFlow(position, input, ctx);
    outcomes.push(outcome);
    position = outcome.position;
    positions.push(position);
    seen.push(...payloadsOf(outcome));
    if (outcome.kind === 'advanced') {
      const next = { ...attributes };
      for (const [name, value] of Object.entries(outcome.attributes)) {
        if (value === null) delete next[name];
        else next[name] = value;
      }
      attributes = next;
    }
  }
  return { outcomes, positions };
}

const runs = { numRuns: 250 };
const scenario = fc.tuple(contact, fc.array(move, { minLength: 1, maxLength: 30 }));

describe('the flow engine, for any sequence of inputs', () => {
  test('never throws', () => {
    fc.assert(
      fc.property(scenario, ([who, moves]) => {
        play(who, moves);
      }),
      runs,
    );
  });

  test('always leaves a valid position: null or a waiting step that exists', () => {
    fc.assert(
      fc.property(scenario, ([who, moves]) => {
        for (const position of play(who, moves).positions) {
          if (position === null) continue;
          expect(flowPositionSchema.safeParse(position).success).toBe(true);
          const step = catalog.flows.get(position.flowId)?.steps.get(position.stepId);
          expect(step).toBeDefined();
          expect(step?.kind === 'ask' || step?.kind === 'say').toBe(true);
          if (step?.kind === 'ask') expect(position.retries).toBeLessThan(step.retry?.maxAttempts ?? 3);
        }
      }),
      runs,
    );
  });

  test('never emits a message over the channel limits, nor a malformed event', () => {
    fc.assert(
      fc.property(scenario, ([who, moves]) => {
        for (const outcome of play(who, moves).outcomes) {
          const messages = outcome.kind === 'advanced' ? outcome.messages : outcome.kind === 'interrupt' ? outcome.resume : [];
          for (const { message } of messages) {
            const parsed = outboundMessageSchema.safeParse(message);
            if (!parsed.success) throw new Error(`${JSON.stringify(message).slice(0, 500)}: ${parsed.error.message}`);
          }
          for (const event of outcome.events) {
            expect(eventTypeSchema.safeParse(event.type).success).toBe(true);
            expect(catalog.flows.has(event.flowId ?? '')).toBe(true);
          }
        }
      }),
      runs,
    );
  });
});

describe('building blocks, for any input', () => {
  test('validators never throw and return an attribute value or a reason', () => {
    const specs = [
      { type: 'text', attribute: 'a' },
      { type: 'email', attribute: 'a' },
      { type: 'phone', attribute: 'a', defaultRegion: 'US' },
      { type: 'number', attribute: 'a', min: 0 },
      { type: 'integer', attribute: 'a' },
      { type: 'date', attribute: 'a' },
      { type: 'choice', attribute: 'a', options: [{ title: 'One', value: 1 }, { title: 'Two', value: 'two' }] },
      { type: 'regex', attribute: 'a', pattern: '^[a-z]+(-[a-z]+)?$' },
      { type: 'entity', attribute: 'a', entity: 'city' },
    ].map((spec) => captureSchema.parse(spec));
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.string({ maxLength: 600 }), (spec, raw) => {
        const result = validateCapture(raw, spec, { now: T0 });
        if (result.ok) expect(['string', 'number', 'boolean']).toContain(typeof result.value);
        else expect(result.error.reason).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 500 },
    );
  });

  test('flow payloads round-trip and fit the payload limit', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);
    const action = fc.oneof(
      fc.record({ kind: fc.constant('answer' as const), value: fc.string({ maxLength: 200 }) }),
      fc.constant({ kind: 'skip' as const }),
      fc.record({ kind: fc.constant('goto' as const), stepId: id }),
      fc.record({ kind: fc.constant('flow' as const), flowId: id }),
      fc.constant({ kind: 'enter' as const }),
    );
    fc.assert(
      fc.property(id, id, action, (flowId, stepId, act) => {
        const encoded = encodeFlowPayload({ flowId, stepId, action: act });
        expect(encoded.length).toBeLessThanOrEqual(1000);
        expect(decodeFlowPayload(encoded)).toEqual({ flowId, stepId, action: act });
      }),
      { numRuns: 300 },
    );
  });
});
