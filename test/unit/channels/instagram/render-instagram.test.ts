import { metaSendMessageSchema } from '../../../../src/channels/meta';
import type { MetaSendMessage } from '../../../../src/channels/meta';
import { renderInstagram } from '../../../../src/channels/instagram';
import type { InstagramRenderOptions } from '../../../../src/channels/instagram';
import type { OutboundMessage } from '../../../../src/core';

function render(message: OutboundMessage, options?: InstagramRenderOptions): MetaSendMessage[] {
  const parts = renderInstagram(message, options);
  for (const part of parts) {
    expect(metaSendMessageSchema.safeParse(part).success).toBe(true);
    if ('text' in part) {
      expect(part.text.length).toBeLessThan(1000);
      expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(1000);
    }
  }
  return parts;
}

const buttons: OutboundMessage = {
  type: 'buttons',
  text: 'How can we help?',
  buttons: [
    { type: 'postback', title: 'Track order', payload: 'TRACK' },
    { type: 'url', title: 'Shop', url: 'https://shop.example' },
  ],
  quickReplies: [{ title: 'Human', payload: 'HUMAN' }],
};

describe('renderInstagram', () => {
  it('renders text within 1000 bytes, splitting multi-byte text', () => {
    const text = 'Привет! '.repeat(240).trim();
    const parts = render({ type: 'text', text });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => ('text' in p ? p.text : '')).join(' ')).toBe(text);
  });

  it('renders button and generic templates (Instagram supports them)', () => {
    const [part] = render(buttons);
    expect(part).toMatchObject({
      attachment: { type: 'template', payload: { template_type: 'button' } },
      quick_replies: [{ title: 'Human' }],
    });
    const [carousel] = render({
      type: 'carousel',
      cards: [{ title: 'Jacket', subtitle: 'Red', imageUrl: 'https://shop.example/j.jpg' }],
    });
    expect(carousel).toMatchObject({ attachment: { payload: { template_type: 'generic' } } });
  });

  it('keeps button-template text within Instagram’s byte limit by sending the overflow first', () => {
    const text = 'Ж'.repeat(640);
    const parts = render({ ...buttons, text } as OutboundMessage);
    expect(parts.length).toBe(2);
    expect(parts[0]).toHaveProperty('text');
    const template = parts[1] as { attachment: { payload: { text: string } } };
    expect(Buffer.byteLength(template.attachment.payload.text)).toBeLessThanOrEqual(1000);
  });

  it('degrades buttons to quick replies and link lines without templates', () => {
    expect(render(buttons, { templates: false })).toEqual([
      {
        text: 'How can we help?\nShop: https://shop.example',
        quick_replies: [
          { content_type: 'text', title: 'Track order', payload: 'TRACK' },
          { content_type: 'text', title: 'Human', payload: 'HUMAN' },
        ],
      },
    ]);
  });

  it('degrades a carousel to numbered text with numbered quick replies', () => {
    const parts = render(
      {
        type: 'carousel',
        cards: [
          {
            title: 'Red jacket',
            subtitle: '€89',
            url: 'https://shop.example/red',
            buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_RED' }],
          },
          { title: 'Blue jacket', buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_BLUE' }] },
        ],
      },
      { templates: false },
    );
    expect(parts).toEqual([
      {
        text: '1. Red jacket\n€89\nhttps://shop.example/red\n\n2. Blue jacket',
        quick_replies: [
          { content_type: 'text', title: '1. Buy', payload: 'BUY_RED' },
          { content_type: 'text', title: '2. Buy', payload: 'BUY_BLUE' },
        ],
      },
    ]);
  });

  it('falls back to numbered text when options exceed 13 quick replies', () => {
    const cards = Array.from({ length: 10 }, (_, i) => ({
      title: `Item ${i + 1}`,
      buttons: [
        { type: 'postback' as const, title: 'Buy', payload: `BUY_${i}` },
        { type: 'postback' as const, title: 'Info', payload: `INFO_${i}` },
      ],
    }));
    const [part] = render({ type: 'carousel', cards }, { templates: false });
    expect(part).not.toHaveProperty('quick_replies');
    expect(part && 'text' in part && part.text).toContain('20. 10. Info');
  });

  it('sends files as a link unless file attachments are enabled', () => {
    expect(render({ type: 'media', mediaType: 'file', url: 'https://shop.example/size-guide.pdf' })).toEqual([
      { text: 'https://shop.example/size-guide.pdf' },
    ]);
    expect(
      render(
        { type: 'media', mediaType: 'file', url: 'https://shop.example/g.pdf' },
        { fileAttachments: true },
      )[0],
    ).toMatchObject({
      attachment: { type: 'file' },
    });
    expect(render({ type: 'media', mediaType: 'image', url: 'https://shop.example/a.png' })[0]).toMatchObject(
      {
        attachment: { type: 'image', payload: { is_reusable: true } },
      },
    );
  });
});
