import type { Button, Card, OutboundMessage, QuickReply } from '../../core';
import { META_SEND_LIMITS as L } from './send-message-schema';
import { truncateText } from './text-limits';

/** A message reduced to what every channel shows: text, plus quick replies when they fit. */
export interface DegradedMessage {
  readonly text: string;
  readonly quickReplies: QuickReply[];
}

type Rich = Extract<OutboundMessage, { type: 'buttons' | 'carousel' }>;

/**
 * The fallback chain for a channel that cannot show templates: postback buttons become quick replies
 * (with the message's own quick replies after them); URL buttons and card links become lines of text.
 * When the options would exceed 13 quick replies, every option becomes a numbered line of text instead
 * (the user can type the option) and no quick replies are sent.
 */
export function degradeToText(message: Rich): DegradedMessage {
  const lines: string[] = [];
  const options: QuickReply[] = [];
  if (message.type === 'buttons') {
    lines.push(message.text);
    addButtons(message.buttons, '', lines, options);
  } else {
    message.cards.forEach((card, i) => addCard(card, i + 1, message.cards.length > 1, lines, options));
  }
  const all = [...options, ...(message.quickReplies ?? [])];
  if (all.length <= L.quickReplies) return { text: lines.join('\n'), quickReplies: all };
  const numbered = all.map((q, i) => `${i + 1}. ${q.title}`);
  return { text: [...lines, '', ...numbered].join('\n'), quickReplies: [] };
}

function addCard(card: Card, n: number, numbered: boolean, lines: string[], options: QuickReply[]): void {
  if (lines.length > 0) lines.push('');
  lines.push(numbered ? `${n}. ${card.title}` : card.title);
  if (card.subtitle) lines.push(card.subtitle);
  if (card.url) lines.push(card.url);
  // Several cards often share button titles ("Buy"): prefix the card number so options stay distinct.
  addButtons(card.buttons ?? [], numbered ? `${n}. ` : '', lines, options);
}

function addButtons(
  buttons: readonly Button[],
  prefix: string,
  lines: string[],
  options: QuickReply[],
): void {
  for (const button of buttons) {
    if (button.type === 'url') {
      lines.push(`${button.title}: ${button.url}`);
    } else {
      options.push({
        title: truncateText(`${prefix}${button.title}`, { maxChars: L.quickReplyTitleChars }),
        payload: button.payload,
      });
    }
  }
}
