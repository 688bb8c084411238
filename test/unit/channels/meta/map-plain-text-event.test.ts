import fc from 'fast-check';
import { mapMessagingEventBySchema } from '../../../../src/channels/meta/map-messaging-event';
import { mapPlainTextEvent } from '../../../../src/channels/meta/map-plain-text-event';
import type { EventContext } from '../../../../src/channels/meta/webhook-values';

const CTX: EventContext = { channel: 'messenger', entryId: '104567890123456', appId: '111' };
const NOW = 1_767_225_600_000;

const plain = (over: Record<string, unknown> = {}, message: Record<string, unknown> = {}) => ({
  sender: { id: 'psid-1' },
  recipient: { id: '104567890123456' },
  timestamp: NOW,
  message: { mid: 'm_1', text: 'how long does shipping take?', ...message },
  ...over,
});

describe('mapPlainTextEvent', () => {
  it('maps a plain text message exactly as the schema path does', () => {
    const event = mapPlainTextEvent(plain(), CTX);
    expect(event).toEqual({
      channel: 'messenger',
      contactId: 'psid-1',
      pageId: '104567890123456',
      timestamp: NOW,
      messageId: 'm_1',
      type: 'text',
      text: 'how long does shipping take?',
    });
    expect(mapMessagingEventBySchema(plain(), CTX)).toEqual({ ok: true, inbound: [event], notices: [] });
  });

  it.each([
    ['an echo', plain({}, { is_echo: true, app_id: 111 })],
    ['a quick reply', plain({}, { quick_reply: { payload: 'P' } })],
    ['attachments', plain({}, { attachments: [{ type: 'image', payload: { url: 'https://x' } }] })],
    ['an empty text', plain({}, { text: '' })],
    ['a numeric sender id', plain({ sender: { id: 123 } })],
    ['a user_ref sender', plain({ sender: { id: 'p', user_ref: 'u' } })],
    ['a seconds timestamp beyond safe integers', plain({ timestamp: 1e300 })],
    ['a string timestamp', plain({ timestamp: '1' })],
    ['no mid', plain({ message: { text: 'hi' } })],
  ])('leaves %s to the schema path', (_name, item) => {
    expect(mapPlainTextEvent(item, CTX)).toBeNull();
  });

  it('gives, whenever it accepts an item, exactly the schema path result (same keys in the same order)', () => {
    const id = fc.oneof(
      fc.string({ minLength: 0, maxLength: 3 }),
      fc.constantFrom('x'.repeat(256), 'x'.repeat(257), 'psid-9'),
      fc.integer({ min: -5, max: 1e6 }),
      fc.constant(null),
    );
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const party = fc.oneof(
      { weight: 4, arbitrary: fc.record({ id: fc.constantFrom('psid-9', 'x'.repeat(256)) }) },
      { weight: 2, arbitrary: fc.record({ id: maybe(id), user_ref: maybe(id) }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.constantFrom(null, 'x', 7, [] as unknown[]) },
    );
    const timestamp = fc.oneof(
      fc.constantFrom(NOW, 1_767_225_600, 0, -1, 1.5, 1e300, Number.NaN, Infinity, '1', null),
      fc.double({ min: 0, max: 1e16, noNaN: true }),
    );
    const extras = fc.record(
      {
        quick_reply: fc.oneof(fc.record({ payload: fc.string() }), fc.constant(null)),
        attachments: fc.constantFrom([], [{ type: 'image' }], 'x'),
        reply_to: fc.constantFrom({ mid: 'm_0' }, {}, null),
        referral: fc.constantFrom({ ref: 'r', source: 'ADS' }, null),
        is_echo: fc.boolean(),
        app_id: id,
        metadata: fc.string(),
        is_deleted: fc.boolean(),
        is_unsupported: fc.boolean(),
        other: fc.string(),
      },
      { requiredKeys: [] },
    );
    const text = fc.oneof(fc.string(), fc.constant('y'.repeat(4500)));
    const message = fc.oneof(
      { weight: 4, arbitrary: fc.record({ mid: fc.constantFrom('m_1', 'm'.repeat(256)), text }) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.record({ mid: maybe(id), text: maybe(text) }), extras)
          .map(([core, more]) => ({ ...core, ...more })),
      },
      { weight: 1, arbitrary: fc.constantFrom(null, 'text', [] as unknown[]) },
    );
    const item = fc.record(
      {
        sender: party,
        recipient: party,
        timestamp,
        message,
        postback: fc.constant({ payload: 'P' }),
        read: fc.constant({ watermark: 1 }),
      },
      { requiredKeys: ['sender', 'timestamp', 'message'] },
    );
    const ctx = fc.record({
      channel: fc.constantFrom('messenger' as const, 'instagram' as const),
      entryId: fc.constantFrom('104567890123456', '1'),
    });
    let accepted = 0;
    fc.assert(
      fc.property(item, ctx, (raw, context) => {
        const fast = mapPlainTextEvent(raw, context);
        if (fast === null) return;
        accepted += 1;
        const full = mapMessagingEventBySchema(raw, context);
        expect(full).toEqual({ ok: true, inbound: [fast], notices: [] });
        if (full.ok) expect(JSON.stringify(full.inbound[0])).toBe(JSON.stringify(fast));
      }),
      { numRuns: 5000, seed: 4 },
    );
    // The generator must actually reach the shortcut, or the property says nothing.
    expect(accepted).toBeGreaterThan(50);
  });
});
