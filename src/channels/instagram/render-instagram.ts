import type { OutboundMessage } from '../../core';
import type { MetaSendMessage, TextLimit } from '../meta';
import {
  META_SEND_LIMITS,
  degradeToText,
  renderButtonsMessage,
  renderGenericTemplate,
  renderMedia,
  splitText,
  withQuickReplies,
} from '../meta';

/** What the Instagram renderer may use. */
export interface InstagramRenderOptions {
  /**
   * Send button and generic templates (default true). Instagram supports them, but not on desktop/web;
   * false degrades buttons to quick replies and carousels to text (then numbered text past 13 options).
   */
  readonly templates?: boolean;
  /** Send `file` media as an attachment (default false: not documented for every Instagram setup, so the link is sent as text). */
  readonly fileAttachments?: boolean;
}

/** Instagram text: under 1000 characters and at most 1000 UTF-8 bytes. */
export const INSTAGRAM_TEXT_LIMIT: TextLimit = {
  maxChars: META_SEND_LIMITS.instagramTextChars,
  maxBytes: META_SEND_LIMITS.instagramTextBytes,
};

/**
 * Renders an {@link OutboundMessage} as Send API `message` objects for Instagram (text, quick replies,
 * button and generic templates, image/video/audio by URL), in sending order. Long text is split to
 * Instagram's limit; what cannot be shown degrades along buttons → quick replies → numbered text.
 */
export function renderInstagram(
  message: OutboundMessage,
  options: InstagramRenderOptions = {},
): MetaSendMessage[] {
  const templates = options.templates ?? true;
  switch (message.type) {
    case 'text':
      return withQuickReplies(textParts(message.text), message.quickReplies);
    case 'buttons':
    case 'carousel': {
      if (!templates) {
        const degraded = degradeToText(message);
        return withQuickReplies(textParts(degraded.text), degraded.quickReplies);
      }
      const parts =
        message.type === 'buttons'
          ? renderButtonsMessage(message.text, message.buttons, INSTAGRAM_TEXT_LIMIT)
          : chunk(message.cards, META_SEND_LIMITS.genericElements).map(renderGenericTemplate);
      return withQuickReplies(parts, message.quickReplies);
    }
    case 'media': {
      if (message.mediaType === 'file' && options.fileAttachments !== true) {
        return withQuickReplies(textParts(message.url), message.quickReplies);
      }
      return withQuickReplies([renderMedia(message.mediaType, message.url)], message.quickReplies);
    }
  }
}

function textParts(text: string): MetaSendMessage[] {
  return splitText(text, INSTAGRAM_TEXT_LIMIT).map((t) => ({ text: t }));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
