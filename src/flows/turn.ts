import type { AttributeValue, NewEvent, OutboundMessage } from '../core';
import type { AttributePatch, FlowContext, FlowMessage } from './flow-engine-types';
import { flowEvent } from './flow-events';
import type { FlowStep } from './flow-step';
import type { InterpolationScope } from './interpolate';
import { pickVariant } from './pick-variant';

/** What one call of the engine accumulates: a private, mutable scratchpad, returned as immutable values. */
export interface Turn {
  readonly ctx: FlowContext;
  /** The contact's attributes with this turn's changes applied. */
  readonly attributes: Record<string, AttributeValue>;
  readonly patch: AttributePatch;
  readonly messages: FlowMessage[];
  readonly events: NewEvent[];
  handoff: boolean;
  steps: number;
}

/** A fresh turn starting with `events` (e.g. an expiry). */
export function createTurn(ctx: FlowContext, events: NewEvent[]): Turn {
  return { ctx, attributes: { ...ctx.contact.attributes }, patch: {}, messages: [], events: [...events], handoff: false, steps: 0 };
}

/** Sets (or with `null` removes) an attribute for the rest of the turn and in the returned patch. */
export function setAttribute(turn: Turn, name: string, value: AttributeValue | null): void {
  if (value === null) delete turn.attributes[name];
  else turn.attributes[name] = value;
  turn.patch[name] = value;
}

/** Appends messages of one step. */
export function say(turn: Turn, flowId: string, stepId: string, variant: string | null, messages: readonly OutboundMessage[]): void {
  for (const message of messages) turn.messages.push({ message, flowId, stepId, variant });
}

/** The attribute remembering which variant of a step a contact was shown. */
export const variantAttribute = (flowId: string, stepId: string): string => `_variant.${flowId}.${stepId}`;

/**
 * The A/B variant of `step` for this contact (null when the step has none): the one remembered in
 * the contact's attributes, else a deterministic pick. With `record`, a first pick is remembered and
 * logged (`variant_assigned`), so the event is emitted once per contact and step.
 */
export function variantFor(turn: Turn, flowId: string, step: FlowStep, record: boolean): string | null {
  const variants = step.kind === 'say' || step.kind === 'ask' ? step.variants : undefined;
  if (variants === undefined) return null;
  const key = variantAttribute(flowId, step.id);
  const stored = turn.attributes[key];
  if (typeof stored === 'string' && variants.some((variant) => variant.name === stored)) return stored;
  const picked = pickVariant(variants, { contactId: turn.ctx.contact.id, flowId, stepId: step.id });
  if (picked === undefined) return null;
  if (record) {
    setAttribute(turn, key, picked.name);
    turn.events.push(flowEvent('variant_assigned', flowId, step.id, { variant: picked.name, data: { variants: variants.map((v) => v.name) } }));
  }
  return picked.name;
}

/** What placeholders in `flowId` read this turn. */
export function scopeOf(turn: Turn, flowId: string): InterpolationScope {
  const declared = turn.ctx.catalog.flows.get(flowId)?.definition.attributes ?? {};
  const defaults = Object.fromEntries(Object.entries(declared).map(([name, declaration]) => [name, declaration.default]));
  return { firstName: turn.ctx.contact.firstName, attributes: turn.attributes, defaults };
}
