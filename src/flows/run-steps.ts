import type { FlowPosition, OutboundMessage } from '../core';
import { evaluateCondition } from './condition';
import type { AbandonReason } from './flow-events';
import { flowEvent } from './flow-events';
import type { FlowStep, FlowStepOf } from './flow-step';
import { interpolate } from './interpolate';
import { renderAsk, renderSayContent } from './render-step';
import type { RenderScope } from './render-step';
import { sayWaits } from './step-links';
import type { Turn } from './turn';
import { say, scopeOf, setAttribute, variantFor } from './turn';

const DEFAULT_MAX_STEPS = 100;

/** Where a run continues. */
interface Cursor {
  readonly flowId: string;
  readonly stepId: string;
  readonly startedAt: number;
}

type StepResult =
  | { readonly kind: 'goto'; readonly stepId: string }
  | { readonly kind: 'wait' }
  | { readonly kind: 'end'; readonly outcome: 'completed' | 'handoff' }
  | { readonly kind: 'jump'; readonly flowId: string; readonly stepId: string | undefined };

const onward = (next: string | undefined): StepResult =>
  next === undefined ? { kind: 'end', outcome: 'completed' } : { kind: 'goto', stepId: next };

/** The render scope of a step this turn. */
export function renderScope(turn: Turn, flowId: string, stepId: string): RenderScope {
  return { flowId, stepId, scope: scopeOf(turn, flowId) };
}

/** The question of an *ask* step in the contact's variant (`retry` uses the retry text when set). */
export function askMessages(turn: Turn, flowId: string, step: FlowStepOf<'ask'>, variant: string | null, retry: boolean): OutboundMessage[] {
  const prompt = step.variants?.find((v) => v.name === variant)?.prompt ?? step.prompt ?? step.variants?.[0]?.prompt ?? '';
  const template = retry && step.retry?.text !== undefined ? step.retry.text : prompt;
  return renderAsk(step, template, renderScope(turn, flowId, step.id));
}

/** Ends the run with `flow_abandoned` at `cursor`. */
export function abandonAt(turn: Turn, flowId: string, stepId: string, reason: AbandonReason): null {
  turn.events.push(flowEvent('flow_abandoned', flowId, stepId, { data: { reason } }));
  return null;
}

function execute(turn: Turn, flowId: string, step: FlowStep, variant: string | null): StepResult {
  switch (step.kind) {
    case 'say': {
      const content = step.variants?.find((v) => v.name === variant) ?? step;
      say(turn, flowId, step.id, variant, renderSayContent(content, renderScope(turn, flowId, step.id)));
      if (step.next === undefined && sayWaits(step)) return { kind: 'wait' };
      return onward(step.next);
    }
    case 'ask':
      say(turn, flowId, step.id, variant, askMessages(turn, flowId, step, variant, false));
      return { kind: 'wait' };
    case 'branch': {
      const hit = step.cases.find((c) => evaluateCondition(c.when, turn.attributes[c.when.attribute]));
      return { kind: 'goto', stepId: hit?.next ?? step.else };
    }
    case 'set': {
      const value = typeof step.value === 'string' ? interpolate(step.value, scopeOf(turn, flowId)) : step.value;
      setAttribute(turn, step.attribute, value);
      return onward(step.next);
    }
    case 'goal':
      reachGoal(turn, flowId, step);
      return onward(step.next);
    case 'jump':
      return { kind: 'jump', flowId: step.flow, stepId: step.step };
    case 'handoff':
    case 'end':
      if (step.text !== undefined) say(turn, flowId, step.id, null, renderSayContent({ text: step.text }, renderScope(turn, flowId, step.id)));
      if (step.kind === 'handoff') turn.handoff = true;
      return { kind: 'end', outcome: step.kind === 'handoff' ? 'handoff' : 'completed' };
  }
}

function reachGoal(turn: Turn, flowId: string, step: FlowStepOf<'goal'>): void {
  const declared = turn.ctx.catalog.flows.get(flowId)?.definition.goals?.[step.goal] ?? {};
  const value = step.value ?? declared.value ?? null;
  const data = declared.currency === undefined ? { goal: step.goal } : { goal: step.goal, currency: declared.currency };
  turn.events.push(flowEvent('goal_reached', flowId, step.id, { value, data }));
  if (declared.conversion === true) turn.events.push(flowEvent('conversion', flowId, step.id, { value, data }));
}

/**
 * Runs steps from `cursor` until one waits for the user (returns the new position) or the flow ends
 * (returns null, after `flow_completed`/`flow_abandoned`). Jumps complete the current flow and start
 * the target. More than `maxStepsPerTurn` steps abandons the flow (`step_limit`) instead of looping.
 */
export function runFrom(turn: Turn, cursor: Cursor): FlowPosition | null {
  const maxSteps = turn.ctx.maxStepsPerTurn ?? DEFAULT_MAX_STEPS;
  let { flowId, stepId, startedAt } = cursor;
  for (;;) {
    turn.steps += 1;
    if (turn.steps > maxSteps) return abandonAt(turn, flowId, stepId, 'step_limit');
    const step = turn.ctx.catalog.flows.get(flowId)?.steps.get(stepId);
    if (step === undefined) return abandonAt(turn, flowId, stepId, 'missing_step');
    const variant = variantFor(turn, flowId, step, true);
    turn.events.push(flowEvent('step_reached', flowId, stepId, { variant, data: { kind: step.kind } }));
    const result = execute(turn, flowId, step, variant);
    if (result.kind === 'wait') return { flowId, stepId, retries: 0, startedAt, updatedAt: turn.ctx.now };
    if (result.kind === 'goto') {
      stepId = result.stepId;
      continue;
    }
    if (result.kind === 'end') {
      turn.events.push(flowEvent('flow_completed', flowId, stepId, { data: { outcome: result.outcome } }));
      return null;
    }
    const target = turn.ctx.catalog.flows.get(result.flowId);
    if (target === undefined) return abandonAt(turn, flowId, stepId, 'missing_step');
    turn.events.push(flowEvent('flow_completed', flowId, stepId, { data: { outcome: 'jump', to: result.flowId } }));
    const entry = result.stepId ?? target.definition.entry;
    turn.events.push(flowEvent('flow_started', result.flowId, entry, { data: { trigger: `jump:${flowId}` } }));
    ({ flowId, stepId, startedAt } = { flowId: result.flowId, stepId: entry, startedAt: turn.ctx.now });
  }
}
