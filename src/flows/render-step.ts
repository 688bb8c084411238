import { MESSAGE_LIMITS as L } from '../core';
import type { Button, Card, OutboundMessage, QuickReply } from '../core';
import type { FlowStepOf } from './flow-step';
import type { InterpolationScope } from './interpolate';
import { interpolate } from './interpolate';
import { encodeFlowPayload } from './payload-codec';
import type { SayButton, SayCard, SayContent, SayQuickReply } from './say-content';

/** Where rendered content comes from and what its placeholders read. */
export interface RenderScope {
  readonly flowId: string;
  readonly stepId: string;
  readonly scope: InterpolationScope;
}

const PLACEHOLDER_FILLER = '…';
const URL_OK = /^https?:\/\/[^\s]+$/i;

/** Cuts `text` to `limit` UTF-16 units (ending with "…"), never splitting a surrogate pair. */
export function fitText(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  let cut = trimmed.slice(0, limit - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function text(r: RenderScope, template: string, limit: number): string {
  return fitText(interpolate(template, r.scope), limit);
}

function url(r: RenderScope, template: string): string {
  const filled = interpolate(template, r.scope, encodeURIComponent);
  if (filled.length <= L.urlChars && URL_OK.test(filled)) return filled;
  const bare = interpolate(template, { attributes: {} });
  return bare.length <= L.urlChars && URL_OK.test(bare) ? bare : template.replace(/\{\{[^}]*\}\}/g, '');
}

function target(r: RenderScope, option: SayQuickReply | Extract<SayButton, { type: 'postback' }>): string {
  const base = { flowId: r.flowId, stepId: r.stepId };
  if (option.next !== undefined) return encodeFlowPayload({ ...base, action: { kind: 'goto', stepId: option.next } });
  if (option.flow !== undefined) return encodeFlowPayload({ ...base, action: { kind: 'flow', flowId: option.flow } });
  return option.payload ?? encodeFlowPayload({ ...base, action: { kind: 'enter' } });
}

function button(r: RenderScope, spec: SayButton): Button {
  if (spec.type === 'url') return { type: 'url', title: spec.title, url: url(r, spec.url) };
  return { type: 'postback', title: spec.title, payload: target(r, spec) };
}

function card(r: RenderScope, spec: SayCard): Card {
  const out: Card = { title: text(r, spec.title, L.cardTitleChars) || PLACEHOLDER_FILLER };
  const subtitle = spec.subtitle === undefined ? '' : text(r, spec.subtitle, L.cardSubtitleChars);
  if (subtitle !== '') out.subtitle = subtitle;
  if (spec.imageUrl !== undefined) out.imageUrl = url(r, spec.imageUrl);
  if (spec.url !== undefined) out.url = url(r, spec.url);
  if (spec.buttons !== undefined) out.buttons = spec.buttons.slice(0, L.buttons).map((b) => button(r, b));
  return out;
}

/** Puts quick replies under the last message (adding a filler text when there is no message). */
export function withQuickReplies(messages: OutboundMessage[], quickReplies: QuickReply[]): OutboundMessage[] {
  if (quickReplies.length === 0) return messages;
  const chips = quickReplies.slice(0, L.quickReplies);
  const last = messages[messages.length - 1];
  if (last === undefined) return [{ type: 'text', text: PLACEHOLDER_FILLER, quickReplies: chips }];
  return [...messages.slice(0, -1), { ...last, quickReplies: chips }];
}

/**
 * Renders *say* content as channel-neutral messages within the channel limits: text (or text with
 * buttons), media, carousel; quick replies under the last one. Placeholders are filled (URL-encoded in URLs).
 */
export function renderSayContent(content: SayContent, r: RenderScope): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  if (content.buttons !== undefined) {
    const body = text(r, content.text ?? '', L.buttonTextChars) || PLACEHOLDER_FILLER;
    messages.push({ type: 'buttons', text: body, buttons: content.buttons.slice(0, L.buttons).map((b) => button(r, b)) });
  } else if (content.text !== undefined) {
    const body = text(r, content.text, L.textChars);
    if (body !== '') messages.push({ type: 'text', text: body });
  }
  if (content.media !== undefined) messages.push({ type: 'media', mediaType: content.media.type, url: url(r, content.media.url) });
  if (content.cards !== undefined) messages.push({ type: 'carousel', cards: content.cards.slice(0, L.cards).map((c) => card(r, c)) });
  const chips = (content.quickReplies ?? []).map((qr) => ({ title: qr.title, payload: target(r, qr) }));
  return withQuickReplies(messages, chips);
}

/** The quick replies of an *ask* step: its choice options, then "Skip" when skipping is allowed. */
export function askQuickReplies(step: FlowStepOf<'ask'>, r: RenderScope): QuickReply[] {
  const base = { flowId: r.flowId, stepId: r.stepId };
  const options =
    step.capture.type === 'choice'
      ? step.capture.options.map((option) => ({
          title: option.title,
          payload: encodeFlowPayload({ ...base, action: { kind: 'answer', value: String(option.value) } }),
        }))
      : [];
  const skip =
    step.skip === undefined ? [] : [{ title: step.skip.title ?? 'Skip', payload: encodeFlowPayload({ ...base, action: { kind: 'skip' } }) }];
  return [...options, ...skip].slice(0, L.quickReplies);
}

/** The question of an *ask* step (`template`: its prompt, variant prompt or retry text) with its quick replies. */
export function renderAsk(step: FlowStepOf<'ask'>, template: string, r: RenderScope): OutboundMessage[] {
  const body = text(r, template, L.textChars) || PLACEHOLDER_FILLER;
  return withQuickReplies([{ type: 'text', text: body }], askQuickReplies(step, r));
}
