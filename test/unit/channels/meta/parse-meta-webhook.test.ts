import fs from 'node:fs';
import path from 'node:path';
import { parseMetaWebhook } from '../../../../src/channels/meta';
import type { ParsedWebhook } from '../../../../src/channels/meta';
import { inboundEventSchema, platformNoticeSchema } from '../../../../src/core';

const DIR = path.join(__dirname, '../../../fixtures/meta');
const APP_ID = '1122334455667788';

function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as unknown;
}

function parse(name: string): ParsedWebhook {
  const result = parseMetaWebhook(fixture(name), { appId: APP_ID });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('parseMetaWebhook on every fixture', () => {
  const names = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));

  it.each(names)('%s parses into schema-valid events', (name) => {
    const parsed = parse(name);
    for (const e of parsed.inbound) expect(inboundEventSchema.safeParse(e).success).toBe(true);
    for (const n of parsed.notices) expect(platformNoticeSchema.safeParse(n).success).toBe(true);
    expect(parsed.inbound.length + parsed.notices.length).toBeGreaterThan(0);
    if (name !== 'messenger-unknown-event') expect(parsed.skipped).toEqual([]);
  });
});

describe('parseMetaWebhook: Messenger', () => {
  it('maps a text message', () => {
    expect(parse('messenger-text').inbound).toEqual([
      {
        type: 'text',
        channel: 'messenger',
        contactId: '6912345678901234',
        pageId: '104567890123456',
        messageId: expect.stringMatching(/^m_/),
        timestamp: 1735732800000,
        text: 'Hi! Do you ship to Lyon? 🚚',
      },
    ]);
  });

  it('maps a quick reply with its payload and text', () => {
    expect(parse('messenger-quick-reply').inbound[0]).toMatchObject({
      type: 'quick_reply',
      payload: 'SIZE_M',
      text: 'Size M',
    });
  });

  it('maps attachments, stickers and locations', () => {
    const [event] = parse('messenger-attachments').inbound;
    expect(event).toMatchObject({ type: 'attachment' });
    expect(event?.type === 'attachment' && event.attachments.map((a) => a.kind)).toEqual([
      'image',
      'file',
      'location',
      'image',
    ]);
  });

  it('keeps reply_to as replyTo', () => {
    expect(parse('messenger-reply-to').inbound[0]).toMatchObject({
      type: 'text',
      replyTo: { messageId: expect.stringMatching(/^m_/) },
    });
  });

  it('maps a postback with its mid', () => {
    const [event] = parse('messenger-postback').inbound;
    expect(event).toMatchObject({ type: 'postback', payload: 'FLOW:jackets', title: 'See jackets' });
    expect(event?.messageId).toMatch(/^m_/);
  });

  it('maps Get Started with an ad referral, with a deterministic id when there is no mid', () => {
    const first = parse('messenger-postback-with-referral').inbound[0];
    const again = parse('messenger-postback-with-referral').inbound[0];
    expect(first).toMatchObject({
      type: 'postback',
      payload: 'GET_STARTED',
      referral: { ref: 'spring-sale', source: 'ADS', adId: '6045246247433' },
    });
    expect(first?.messageId).toBe(again?.messageId);
    expect(first?.messageId).toContain('postback');
  });

  it('maps referrals from an ad and from an m.me link', () => {
    expect(parse('messenger-referral-ad').inbound[0]).toMatchObject({
      type: 'referral',
      referral: { ref: 'spring-sale', source: 'ADS', adId: '6045246247433' },
    });
    const shortlink = parse('messenger-referral-shortlink').inbound[0];
    expect(shortlink).toMatchObject({
      type: 'referral',
      referral: { ref: 'qr-store-lyon', source: 'SHORTLINK' },
    });
    expect(shortlink?.messageId).toBe('meta:messenger:referral:6912345678901234:1735732800000');
  });

  it('turns receipts, reactions, edits and opt-ins into notices, not input', () => {
    expect(parse('messenger-read')).toMatchObject({
      inbound: [],
      notices: [{ type: 'read', watermark: 1735732799000 }],
    });
    expect(parse('messenger-delivery').notices[0]).toMatchObject({
      type: 'delivery',
      messageIds: [expect.any(String), expect.any(String)],
    });
    expect(parse('messenger-reaction').notices[0]).toMatchObject({
      type: 'reaction',
      action: 'react',
      reaction: 'love',
      emoji: '❤️',
    });
    expect(parse('messenger-unreact').notices[0]).toMatchObject({ type: 'reaction', action: 'unreact' });
    expect(parse('messenger-message-edit').notices[0]).toMatchObject({
      type: 'message_edit',
      text: 'Size L, not M',
      editCount: 1,
    });
    expect(parse('messenger-optin').notices[0]).toMatchObject({
      type: 'optin',
      optinType: 'notification_messages',
      payload: 'WEEKLY_DEALS',
      token: '7340956894572343509',
      tokenExpiresAt: 1767268800000,
    });
    expect(parse('messenger-optin-stop').notices[0]).toMatchObject({
      type: 'optin',
      status: 'STOP NOTIFICATIONS',
    });
  });

  it('flags echoes: ours are not human, another app’s are, and neither is input', () => {
    const ours = parse('messenger-echo-ours');
    expect(ours.inbound).toEqual([]);
    expect(ours.notices[0]).toMatchObject({
      type: 'echo',
      fromHumanAgent: false,
      contactId: '6912345678901234',
      pageId: '104567890123456',
    });
    const human = parse('messenger-echo-human').notices[0];
    expect(human).toMatchObject({
      type: 'echo',
      fromHumanAgent: true,
      appId: '263902037430900',
      text: expect.stringContaining('Marie'),
    });
  });

  it('wraps standby messages so nothing answers them, and keeps standby receipts', () => {
    const parsed = parse('messenger-standby');
    expect(parsed.inbound).toEqual([]);
    expect(parsed.notices.map((n) => n.type)).toEqual(['standby', 'read']);
    expect(parsed.notices[0]).toMatchObject({
      type: 'standby',
      event: { type: 'text', text: 'Thanks Marie!' },
    });
  });

  it('maps handover', () => {
    expect(parse('messenger-handover-pass').notices[0]).toMatchObject({
      type: 'handover',
      action: 'pass',
      newOwnerAppId: '263902037430900',
    });
  });

  it('skips unknown events with a reason and keeps the rest of the batch', () => {
    const parsed = parse('messenger-unknown-event');
    expect(parsed.inbound).toHaveLength(1);
    expect(parsed.skipped).toEqual([
      { reason: 'unsupported event type: game_play', entryIndex: 0, eventIndex: 0 },
      { reason: 'unknown event type: brand_new_thing', entryIndex: 0, eventIndex: 1 },
    ]);
  });

  it('handles every entry and every event of a batch, ordered by timestamp', () => {
    const parsed = parse('messenger-batch-3x2');
    expect(parsed.inbound).toHaveLength(6);
    expect(parsed.inbound.map((e) => (e.type === 'text' ? e.text : ''))).toEqual([
      'user 1 message 1',
      'user 2 message 1',
      'user 3 message 1',
      'user 1 message 2',
      'user 2 message 2',
      'user 3 message 2',
    ]);
    const timestamps = parsed.inbound.map((e) => e.timestamp);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
  });
});

describe('parseMetaWebhook: Instagram', () => {
  it('maps text and quick replies on the instagram channel', () => {
    expect(parse('instagram-text').inbound[0]).toMatchObject({
      type: 'text',
      channel: 'instagram',
      contactId: '1234567890123456',
      pageId: '17841400000000000',
    });
    expect(parse('instagram-quick-reply').inbound[0]).toMatchObject({
      type: 'quick_reply',
      payload: 'SIZE_S',
    });
  });

  it('maps shares, story mentions and reels as attachments', () => {
    const kinds = ['instagram-share', 'instagram-story-mention', 'instagram-ig-reel'].map((name) => {
      const e = parse(name).inbound[0];
      return e?.type === 'attachment' ? e.attachments[0]?.kind : undefined;
    });
    expect(kinds).toEqual(['share', 'story_mention', 'reel']);
  });

  it('maps a story reply to text with a story replyTo', () => {
    expect(parse('instagram-story-reply').inbound[0]).toMatchObject({
      type: 'text',
      text: 'Love this look!',
      replyTo: { storyId: '17934567890123456', storyUrl: expect.stringContaining('lookaside') },
    });
  });

  it('maps deletions, seen receipts, reactions and echoes to notices', () => {
    expect(parse('instagram-deleted')).toMatchObject({ inbound: [], notices: [{ type: 'message_deleted' }] });
    expect(parse('instagram-messaging-seen').notices[0]).toMatchObject({
      type: 'messaging_seen',
      messageId: expect.any(String),
    });
    expect(parse('instagram-reaction').notices[0]).toMatchObject({ type: 'reaction', reaction: 'love' });
    expect(parse('instagram-echo').notices[0]).toMatchObject({
      type: 'echo',
      contactId: '1234567890123456',
      fromHumanAgent: false,
    });
  });

  it('maps unsupported media to an "other" attachment (the user did write)', () => {
    expect(parse('instagram-unsupported').inbound[0]).toMatchObject({
      type: 'attachment',
      attachments: [{ kind: 'other' }],
    });
  });

  it('emits the ad referral of a message before the message', () => {
    const events = parse('instagram-ad-message').inbound;
    expect(events.map((e) => e.type)).toEqual(['referral', 'text']);
    expect(events[0]).toMatchObject({
      referral: { ref: 'ig-spring', source: 'ADS', adId: '120208765432100000' },
    });
  });

  it('maps ig.me referrals and postbacks', () => {
    expect(parse('instagram-referral').inbound[0]).toMatchObject({
      type: 'referral',
      referral: { ref: 'bio-link', source: 'IGME' },
    });
    expect(parse('instagram-postback').inbound[0]).toMatchObject({ type: 'postback', payload: 'FLOW:shop' });
  });
});

describe('parseMetaWebhook: robustness', () => {
  it.each([
    null,
    'text',
    42,
    {},
    { object: 'user', entry: [] },
    { object: 'page' },
    { object: 'page', entry: {} },
  ])('refuses the invalid envelope %p with meta.invalid_payload', (body) => {
    const result = parseMetaWebhook(body, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('meta.invalid_payload');
  });

  it('skips a malformed event or entry without failing the batch', () => {
    const body = {
      object: 'page',
      entry: [
        'not an entry',
        {
          id: '1',
          time: 1,
          messaging: [
            { sender: { id: 'u' }, recipient: { id: '1' } },
            {
              sender: { id: 'u' },
              recipient: { id: '1' },
              timestamp: 1735732800000,
              message: { text: 'no mid' },
            },
            {
              sender: { id: 'u' },
              recipient: { id: '1' },
              timestamp: 1735732800000,
              message: { mid: 'm_1' },
            },
            {
              sender: { id: 'u' },
              recipient: { id: '1' },
              timestamp: 1735732800000,
              message: { mid: 'm_2', text: 'ok' },
            },
          ],
        },
      ],
    };
    const result = parseMetaWebhook(body, {});
    if (!result.ok) throw result.error;
    expect(result.value.inbound).toHaveLength(1);
    expect(result.value.skipped.map((s) => [s.entryIndex, s.eventIndex])).toEqual([
      [0, -1],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(result.value.skipped.every((s) => s.reason.length > 0)).toBe(true);
  });

  it('never reports a human echo when our app id is unknown', () => {
    const result = parseMetaWebhook(fixture('messenger-echo-human'), {});
    expect(result.ok && result.value.notices[0]).toMatchObject({ type: 'echo', fromHumanAgent: false });
  });

  it('sorts by timestamp across entries and keeps same-time events in delivery order', () => {
    const mk = (mid: string, ts: number) => ({
      sender: { id: 'u' },
      recipient: { id: 'p' },
      timestamp: ts,
      message: { mid, text: mid },
    });
    const body = {
      object: 'page',
      entry: [
        { id: 'p', time: 1, messaging: [mk('c', 3e12), mk('a', 1e12)] },
        { id: 'p', time: 1, messaging: [mk('b1', 2e12), mk('b2', 2e12)] },
      ],
    };
    const result = parseMetaWebhook(body, {});
    expect(result.ok && result.value.inbound.map((e) => e.messageId)).toEqual(['a', 'b1', 'b2', 'c']);
  });
});
