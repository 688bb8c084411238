import type { OutboundMessage } from '../core';

/** A tappable choice shown as a number in the terminal. */
export interface TerminalChoice {
  readonly title: string;
  readonly payload: string;
}

/**
 * Text lines for a terminal, and the choices (quick replies, postback buttons) it offers, numbered from
 * `numberFrom` so that several messages of one turn never reuse a number.
 */
export function renderForTerminal(
  message: OutboundMessage,
  numberFrom = 1,
): { lines: string[]; choices: TerminalChoice[] } {
  const lines: string[] = [];
  const choices: TerminalChoice[] = [];
  const offer = (title: string, payload: string) => {
    choices.push({ title, payload });
    return `[${numberFrom + choices.length - 1}] ${title}`;
  };
  switch (message.type) {
    case 'text':
      lines.push(message.text);
      break;
    case 'buttons':
      lines.push(message.text);
      for (const b of message.buttons)
        lines.push(b.type === 'url' ? `  ${b.title} → ${b.url}` : `  ${offer(b.title, b.payload)}`);
      break;
    case 'carousel':
      for (const c of message.cards) {
        lines.push(`  ▸ ${c.title}${c.subtitle ? ` — ${c.subtitle}` : ''}${c.url ? ` (${c.url})` : ''}`);
        for (const b of c.buttons ?? [])
          lines.push(b.type === 'url' ? `      ${b.title} → ${b.url}` : `      ${offer(b.title, b.payload)}`);
      }
      break;
    case 'media':
      lines.push(`[${message.mediaType}] ${message.url}`);
      break;
  }
  if (message.quickReplies?.length)
    lines.push(message.quickReplies.map((q) => offer(q.title, q.payload)).join('  '));
  return { lines, choices };
}
