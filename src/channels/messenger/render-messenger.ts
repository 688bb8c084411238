import type { OutboundMessage } from '../../core';
import type { MetaSendMessage } from '../meta';
import {
  META_SEND_LIMITS,
  renderButtonsMessage,
  renderGenericTemplate,
  renderMedia,
  splitText,
  withQuickReplies,
} from '../meta';

/**
 * Renders an {@link OutboundMessage} as the Send API `message` objects for Messenger, in sending
 * order: text (split past 2000 characters), a button template (1–3 `postback`/`web_url` buttons),
 * generic templates (10 cards per template; a card's `url` is its `default_action`), or media by URL.
 * Quick replies ride on the last part. Every part fits Meta's limits (titles are cut with an ellipsis).
 */
export function renderMessenger(message: OutboundMessage): MetaSendMessage[] {
  return withQuickReplies(renderBody(message), message.quickReplies);
}

function renderBody(message: OutboundMessage): MetaSendMessage[] {
  switch (message.type) {
    case 'text':
      return splitText(message.text, { maxChars: META_SEND_LIMITS.messengerTextChars }).map((text) => ({
        text,
      }));
    case 'buttons':
      return renderButtonsMessage(message.text, message.buttons);
    case 'carousel': {
      const parts: MetaSendMessage[] = [];
      for (let i = 0; i < message.cards.length; i += META_SEND_LIMITS.genericElements) {
        parts.push(renderGenericTemplate(message.cards.slice(i, i + META_SEND_LIMITS.genericElements)));
      }
      return parts;
    }
    case 'media':
      return [renderMedia(message.mediaType, message.url)];
  }
}
