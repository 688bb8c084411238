import { META_SEND_LIMITS, metaSendMessageSchema } from '../../../../src/channels/meta';
import { renderMessenger } from '../../../../src/channels/messenger';
import type { Card, OutboundMessage } from '../../../../src/core';

function render(message: OutboundMessage) {
  const parts = renderMessenger(message);
  for (const part of parts) expect(metaSendMessageSchema.safeParse(part).success).toBe(true);
  return parts;
}

const card = (i: number): Card => ({
  title: `Jacket ${i} ${'x'.repeat(70)}`,
  subtitle: 'Waterproof, breathable',
  imageUrl: `https://shop.example/j${i}.jpg`,
  url: `https://shop.example/j${i}`,
  buttons: [
    { type: 'postback', title: 'Buy', payload: `BUY_${i}` },
    { type: 'url', title: 'Details', url: `https://shop.example/j${i}/details` },
  ],
});

describe('renderMessenger', () => {
  it('renders text with quick replies', () => {
    expect(
      render({ type: 'text', text: 'Which size?', quickReplies: [{ title: 'S', payload: 'SIZE_S' }] }),
    ).toEqual([
      { text: 'Which size?', quick_replies: [{ content_type: 'text', title: 'S', payload: 'SIZE_S' }] },
    ]);
  });

  it('renders a button template with postback and web_url buttons', () => {
    expect(
      render({
        type: 'buttons',
        text: 'What next?',
        buttons: [
          { type: 'postback', title: 'Talk to us', payload: 'HUMAN' },
          { type: 'url', title: 'Shop', url: 'https://shop.example' },
        ],
      }),
    ).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'What next?',
            buttons: [
              { type: 'postback', title: 'Talk to us', payload: 'HUMAN' },
              { type: 'web_url', title: 'Shop', url: 'https://shop.example' },
            ],
          },
        },
      },
    ]);
  });

  it('renders a carousel as a generic template with default_action and image_url', () => {
    const [part] = render({
      type: 'carousel',
      cards: [card(1)],
      quickReplies: [{ title: 'More', payload: 'MORE' }],
    });
    expect(part).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: [
            {
              title: card(1).title,
              subtitle: 'Waterproof, breathable',
              image_url: 'https://shop.example/j1.jpg',
              default_action: { type: 'web_url', url: 'https://shop.example/j1' },
              buttons: [
                { type: 'postback', title: 'Buy', payload: 'BUY_1' },
                { type: 'web_url', title: 'Details', url: 'https://shop.example/j1/details' },
              ],
            },
          ],
        },
      },
      quick_replies: [{ content_type: 'text', title: 'More', payload: 'MORE' }],
    });
  });

  it('renders media by URL, reusable', () => {
    expect(render({ type: 'media', mediaType: 'image', url: 'https://shop.example/a.png' })).toEqual([
      { attachment: { type: 'image', payload: { url: 'https://shop.example/a.png', is_reusable: true } } },
    ]);
  });

  it('respects limits even when given more than the core schema allows', () => {
    const oversized = {
      type: 'carousel',
      cards: Array.from({ length: 12 }, (_, i) => ({
        ...card(i),
        title: 'T'.repeat(120),
        subtitle: 'S'.repeat(120),
      })),
      quickReplies: Array.from({ length: 15 }, (_, i) => ({
        title: `A very long option title ${i}`,
        payload: `P${i}`,
      })),
    } as OutboundMessage;
    const parts = render(oversized);
    expect(parts).toHaveLength(2);
    const first = parts[0] as { attachment: { payload: { elements: { title: string }[] } } };
    expect(first.attachment.payload.elements).toHaveLength(META_SEND_LIMITS.genericElements);
    expect(first.attachment.payload.elements[0]?.title).toHaveLength(80);
    expect(first.attachment.payload.elements[0]?.title.endsWith('…')).toBe(true);
    expect(parts[0]).not.toHaveProperty('quick_replies');
    expect(parts[1]?.quick_replies).toHaveLength(13);
    expect(parts[1]?.quick_replies?.every((q) => q.title.length <= 20)).toBe(true);
  });

  it('splits over-long text instead of losing it, quick replies on the last part', () => {
    const text = 'word '.repeat(900).trim();
    const parts = render({
      type: 'text',
      text,
      quickReplies: [{ title: 'OK', payload: 'OK' }],
    } as OutboundMessage);
    expect(parts.length).toBe(3);
    expect(parts.map((p) => ('text' in p ? p.text : '')).join(' ')).toBe(text);
    expect(parts[2]?.quick_replies).toHaveLength(1);
  });
});
