import type { Button, Card, QuickReply } from '../../core';
import type { MetaButton, MetaElement, MetaQuickReply, MetaSendMessage } from './send-message-schema';
import { META_SEND_LIMITS as L } from './send-message-schema';
import type { TextLimit } from './text-limits';
import { splitText, truncateText } from './text-limits';

const short = (text: string, maxChars: number): string => truncateText(text, { maxChars });

/** Quick replies for the Send API: at most 13, titles cut to 20 characters. */
export function renderQuickReplies(quickReplies: readonly QuickReply[]): MetaQuickReply[] {
  return quickReplies.slice(0, L.quickReplies).map((q) => ({
    content_type: 'text',
    title: short(q.title, L.quickReplyTitleChars),
    payload: q.payload,
  }));
}

/** A Parley button as a template button (`url` → `web_url`). */
export function renderButton(button: Button): MetaButton {
  const title = short(button.title, L.buttonTitleChars);
  return button.type === 'postback'
    ? { type: 'postback', title, payload: button.payload }
    : { type: 'web_url', title, url: button.url };
}

/** A button template: text (≤ 640, and `textLimit` when stricter) with 1–3 buttons. */
export function renderButtonTemplate(
  text: string,
  buttons: readonly Button[],
  textLimit: TextLimit = { maxChars: L.buttonTemplateTextChars },
): MetaSendMessage {
  const limit = { ...textLimit, maxChars: Math.min(textLimit.maxChars, L.buttonTemplateTextChars) };
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'button',
        text: truncateText(text, limit),
        buttons: buttons.slice(0, L.buttons).map(renderButton),
      },
    },
  };
}

/**
 * A button template, preceded by plain text messages when the text does not fit the template's limit
 * (≤ 640, and `textLimit` when stricter): the text is split, never lost, and the last part carries the
 * buttons.
 */
export function renderButtonsMessage(
  text: string,
  buttons: readonly Button[],
  textLimit: TextLimit = { maxChars: L.buttonTemplateTextChars },
): MetaSendMessage[] {
  const limit = { ...textLimit, maxChars: Math.min(textLimit.maxChars, L.buttonTemplateTextChars) };
  const parts = splitText(text, limit);
  const last = parts.pop() ?? text;
  return [...parts.map((t) => ({ text: t })), renderButtonTemplate(last, buttons, limit)];
}

/** A card as a generic-template element; the card's own `url` becomes its `default_action`. */
export function renderElement(card: Card): MetaElement {
  const buttons = (card.buttons ?? []).slice(0, L.buttons).map(renderButton);
  return {
    title: short(card.title, L.elementTitleChars),
    ...(card.subtitle ? { subtitle: short(card.subtitle, L.elementSubtitleChars) } : {}),
    ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
    ...(card.url ? { default_action: { type: 'web_url', url: card.url } } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}

/** A generic template (carousel) of at most 10 elements. */
export function renderGenericTemplate(cards: readonly Card[]): MetaSendMessage {
  return {
    attachment: {
      type: 'template',
      payload: { template_type: 'generic', elements: cards.slice(0, L.genericElements).map(renderElement) },
    },
  };
}

/** Media by URL; `is_reusable` lets Meta cache it for the next send. */
export function renderMedia(mediaType: 'image' | 'video' | 'audio' | 'file', url: string): MetaSendMessage {
  return { attachment: { type: mediaType, payload: { url, is_reusable: true } } };
}

/** Attaches the quick replies (if any) to the last part: Meta shows them under the last message. */
export function withQuickReplies(
  parts: MetaSendMessage[],
  quickReplies: readonly QuickReply[] | undefined,
): MetaSendMessage[] {
  const last = parts[parts.length - 1];
  if (!last || !quickReplies || quickReplies.length === 0) return parts;
  return [...parts.slice(0, -1), { ...last, quick_replies: renderQuickReplies(quickReplies) }];
}
