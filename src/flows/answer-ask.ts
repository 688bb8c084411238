import type { AttributeValue, FlowPosition, NluResult } from '../core';
import type { FlowOutcome } from './flow-engine-types';
import { flowEvent } from './flow-events';
import type { FlowStepOf } from './flow-step';
import { advanced } from './outcomes';
import { abandonAt, askMessages, runFrom } from './run-steps';
import type { Turn } from './turn';
import { say, setAttribute, variantFor } from './turn';
import { validateCapture } from './validators/validate-capture';
import { findOptionByValue, normalizeText } from './validators/validate-choice';

/** An answer to an *ask* step. */
export type AskAnswer =
  | { readonly kind: 'text'; readonly text: string; readonly nlu: NluResult | null; readonly entities?: Readonly<Record<string, string>> }
  | { readonly kind: 'payload'; readonly value: string; readonly title?: string }
  | { readonly kind: 'skip' };

const DEFAULT_MAX_ATTEMPTS = 3;
/** Captured values safe to copy into analytics (no free text, emails or phone numbers). */
const LOGGED_VALUE_TYPES = new Set(['choice', 'number', 'integer']);

type AskStep = FlowStepOf<'ask'>;

/** The intent a text strongly matches (at or above the context's strong threshold), if any. */
function strongIntent(turn: Turn, nlu: NluResult | null): string | null {
  if (nlu === null || !nlu.matched || nlu.intent === null || nlu.score < turn.ctx.threshold) return null;
  return nlu.intent;
}

function interrupt(turn: Turn, position: FlowPosition, step: AskStep, intent: string, global: boolean): FlowOutcome {
  const variant = variantFor(turn, position.flowId, step, false);
  const resume = askMessages(turn, position.flowId, step, variant, false).map((message) => ({
    message,
    flowId: position.flowId,
    stepId: step.id,
    variant,
  }));
  return { kind: 'interrupt', intent, global, resume, position: { ...position, updatedAt: turn.ctx.now }, events: turn.events };
}

function continueAfter(turn: Turn, position: FlowPosition, next: string | undefined, stepId: string): FlowOutcome {
  if (next !== undefined) return advanced(turn, runFrom(turn, { ...position, stepId: next }));
  turn.events.push(flowEvent('flow_completed', position.flowId, stepId, { data: { outcome: 'completed' } }));
  return advanced(turn, null);
}

function accept(turn: Turn, position: FlowPosition, step: AskStep, value: AttributeValue): FlowOutcome {
  const variant = variantFor(turn, position.flowId, step, false);
  setAttribute(turn, step.capture.attribute, value);
  const data: Record<string, unknown> = { attribute: step.capture.attribute, type: step.capture.type };
  if (LOGGED_VALUE_TYPES.has(step.capture.type)) data['value'] = value;
  const numeric = typeof value === 'number' ? value : null;
  turn.events.push(flowEvent('attribute_captured', position.flowId, step.id, { variant, value: numeric, data }));
  return continueAfter(turn, position, step.next, step.id);
}

function refuse(turn: Turn, position: FlowPosition, step: AskStep, reason: string): FlowOutcome {
  const variant = variantFor(turn, position.flowId, step, false);
  const attempt = position.retries + 1;
  const data = { attribute: step.capture.attribute, reason, attempt };
  turn.events.push(flowEvent('validation_failed', position.flowId, step.id, { variant, data }));
  if (attempt >= (step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
    if (step.fallback === undefined) return advanced(turn, abandonAt(turn, position.flowId, step.id, 'max_retries'));
    return advanced(turn, runFrom(turn, { ...position, stepId: step.fallback }));
  }
  say(turn, position.flowId, step.id, variant, askMessages(turn, position.flowId, step, variant, true));
  return advanced(turn, { ...position, stepId: step.id, retries: attempt, updatedAt: turn.ctx.now });
}

function isSkipText(step: AskStep, text: string): boolean {
  return step.skip !== undefined && normalizeText(text) === normalizeText(step.skip.title ?? 'Skip');
}

/**
 * Handles an answer to the *ask* step at `position`. Order: a strong global intent interrupts; the
 * skip word skips; a valid answer is captured; a strong other intent interrupts (unless the step is
 * not `interruptible`); anything else is refused (re-asked, then `fallback` after `maxAttempts`).
 */
export function answerAsk(turn: Turn, position: FlowPosition, step: AskStep, answer: AskAnswer): FlowOutcome {
  if (answer.kind === 'skip') {
    if (step.skip === undefined) return refuse(turn, position, step, 'skip_not_allowed');
    return continueAfter(turn, position, step.skip.next ?? step.next, step.id);
  }
  if (answer.kind === 'payload') {
    const option = step.capture.type === 'choice' ? findOptionByValue(step.capture, answer.value) : undefined;
    if (option !== undefined) return accept(turn, position, step, option);
    const checked = validateCapture(answer.title ?? answer.value, step.capture, { now: turn.ctx.now });
    return checked.ok ? accept(turn, position, step, checked.value) : refuse(turn, position, step, checked.error.reason);
  }
  const intent = strongIntent(turn, answer.nlu);
  if (intent !== null && turn.ctx.globalIntents.has(intent)) return interrupt(turn, position, step, intent, true);
  if (isSkipText(step, answer.text)) return continueAfter(turn, position, step.skip?.next ?? step.next, step.id);
  const checked = validateCapture(answer.text, step.capture, { now: turn.ctx.now, entities: answer.entities });
  if (checked.ok) return accept(turn, position, step, checked.value);
  if (intent !== null && step.interruptible !== false) return interrupt(turn, position, step, intent, false);
  return refuse(turn, position, step, checked.error.reason);
}
