import type { OutboundMessage, QuickReply } from '../core';
import type { Answer, AnswerQuickReply } from '../nlu';
import { intentPayload } from './payloads';

function toQuickReply(chip: AnswerQuickReply): QuickReply {
  return 'intent' in chip ? { title: chip.title, payload: intentPayload(chip.intent) } : chip;
}

/** Replaces `{{name}}` placeholders; an unknown name becomes an empty string. */
export function interpolate(text: string, values: Readonly<Record<string, unknown>>): string {
  return text
    .replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_, key: string) => {
      const v = values[key];
      return v === undefined || v === null ? '' : String(v);
    })
    .replace(/ +([,.!?])/g, '$1');
}

/**
 * Turns one answer of an intent file into a channel-neutral message: plain text, text with quick
 * replies, or a button message. `values` fill `{{placeholders}}`.
 */
export function renderAnswer(
  answer: Answer,
  values: Readonly<Record<string, unknown>> = {},
): OutboundMessage {
  if (typeof answer === 'string') return { type: 'text', text: interpolate(answer, values) };
  const text = interpolate(answer.text, values);
  const quickReplies = answer.quickReplies?.map(toQuickReply);
  if (answer.buttons) {
    return { type: 'buttons', text, buttons: answer.buttons, ...(quickReplies ? { quickReplies } : {}) };
  }
  return { type: 'text', text, ...(quickReplies ? { quickReplies } : {}) };
}

/** Picks one of several answer variants uniformly with the given random source. */
export function pickAnswer<T>(answers: readonly T[], random: () => number): T | undefined {
  if (answers.length === 0) return undefined;
  const i = Math.min(answers.length - 1, Math.floor(random() * answers.length));
  return answers[i];
}
