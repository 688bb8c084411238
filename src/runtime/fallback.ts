import type { NluResult, OutboundMessage, QuickReply } from '../core';
import { MESSAGE_LIMITS } from '../core';
import type { Bot } from './bot';
import { intentPayload } from './payloads';

const DEFAULT_TEXT =
  "Sorry, I didn't quite get that. Here is what I can help with — or rephrase your question.";

/** Opt-in/out and restart are never offered as a suggestion; help and "talk to a person" may be. */
const OFFERABLE = (bot: Bot, intent: string): boolean => {
  const action = bot.intents.get(intent)?.action;
  return action !== 'unsubscribe' && action !== 'subscribe' && action !== 'restart';
};

/** How many chips the fallback offers. */
const MAX_CHIPS = 5;
/** A candidate this close to the threshold is offered first ("did you mean…"). */
const NEAR_MISS_RATIO = 0.5;

function humanise(intent: string): string {
  const words = intent.replace(/[._-]+/g, ' ').trim();
  const title = words.charAt(0).toUpperCase() + words.slice(1);
  return title.slice(0, MESSAGE_LIMITS.quickReplyTitleChars);
}

/**
 * The message sent when the bot did not understand: an apology and quick replies to the most useful
 * intents — near-miss candidates of this message first, then the bot's `suggest` intents.
 */
export function fallbackMessage(
  bot: Bot,
  nlu: NluResult | null,
  text: string = DEFAULT_TEXT,
): OutboundMessage {
  const chips: QuickReply[] = [];
  const seen = new Set<string>();
  const add = (intent: string, title: string) => {
    if (seen.has(intent) || chips.length >= MAX_CHIPS || !OFFERABLE(bot, intent)) return;
    seen.add(intent);
    chips.push({ title, payload: intentPayload(intent) });
  };
  const suggestTitle = new Map(bot.suggestions.map((s) => [s.intent, s.title]));
  for (const c of nlu?.candidates ?? []) {
    if (c.score >= bot.matcher.threshold * NEAR_MISS_RATIO && bot.intents.has(c.intent)) {
      add(c.intent, suggestTitle.get(c.intent) ?? humanise(c.intent));
    }
  }
  for (const s of bot.suggestions) add(s.intent, s.title);
  return chips.length > 0 ? { type: 'text', text, quickReplies: chips } : { type: 'text', text };
}
