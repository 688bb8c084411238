import type { FlowPosition } from '../core';
import { answerAsk } from './answer-ask';
import { expireIfStale } from './expire-if-stale';
import type { FlowContext, FlowInput, FlowOutcome } from './flow-engine-types';
import { abandonFlow, flowEvent } from './flow-events';
import { advanced, notForFlow } from './outcomes';
import { decodeFlowPayload } from './payload-codec';
import type { FlowPayload } from './payload-codec';
import { abandonAt, runFrom } from './run-steps';
import { stepLinks } from './step-links';
import type { Turn } from './turn';
import { createTurn, variantFor } from './turn';

/**
 * Runs one turn of a guided flow. Pure and synchronous: time, identity and NLU come in `ctx`/`input`;
 * nothing is thrown for any input. A stale position (older than `ctx.ttlMs`) is abandoned first.
 *
 * - `start`: abandons the current flow if any (`replaced`), starts `flowId` and runs until a question.
 * - `text`: the answer to the current question (see {@link answerAsk} for interruptions and retries);
 *   `not_for_flow` when no question is waiting.
 * - `payload`: a flow quick reply/postback routes to the flow and step that emitted it, even an old
 *   one (the contact goes back to that question); any other payload is `not_for_flow`.
 */
export function runFlow(position: FlowPosition | null, input: FlowInput, ctx: FlowContext): FlowOutcome {
  const fresh = expireIfStale(position, ctx);
  const turn = createTurn(ctx, fresh.events);
  switch (input.kind) {
    case 'start':
      return start(turn, fresh.position, input);
    case 'text':
      return text(turn, fresh.position, input);
    case 'payload':
      return payload(turn, fresh.position, input);
  }
}

function start(turn: Turn, current: FlowPosition | null, input: Extract<FlowInput, { kind: 'start' }>): FlowOutcome {
  const flow = turn.ctx.catalog.flows.get(input.flowId);
  if (flow === undefined) return notForFlow(turn, current);
  const stepId = input.stepId !== undefined && flow.steps.has(input.stepId) ? input.stepId : flow.definition.entry;
  if (current !== null) turn.events.push(abandonFlow(current, 'replaced'));
  const data = input.trigger === undefined ? {} : { trigger: input.trigger };
  turn.events.push(flowEvent('flow_started', input.flowId, stepId, { data, ...(input.campaign === undefined ? {} : { campaign: input.campaign }) }));
  return advanced(turn, runFrom(turn, { flowId: input.flowId, stepId, startedAt: turn.ctx.now }));
}

function text(turn: Turn, current: FlowPosition | null, input: Extract<FlowInput, { kind: 'text' }>): FlowOutcome {
  if (current === null) return notForFlow(turn, null);
  const step = turn.ctx.catalog.flows.get(current.flowId)?.steps.get(current.stepId);
  if (step === undefined) return notForFlow(turn, abandonAt(turn, current.flowId, current.stepId, 'missing_step'));
  if (step.kind !== 'ask') return notForFlow(turn, current);
  return answerAsk(turn, current, step, { kind: 'text', text: input.text, nlu: input.nlu, entities: input.entities });
}

/** True when `step` really offers the goto/flow option a payload names (payloads can be forged). */
function offers(stepLinksOf: ReturnType<typeof stepLinks>, decoded: FlowPayload): boolean {
  const { action } = decoded;
  if (action.kind === 'goto') return stepLinksOf.some((link) => !link.automatic && link.flow === undefined && link.step === action.stepId);
  if (action.kind === 'flow') return stepLinksOf.some((link) => !link.automatic && link.flow === action.flowId && link.step === undefined);
  return false;
}

function payload(turn: Turn, current: FlowPosition | null, input: Extract<FlowInput, { kind: 'payload' }>): FlowOutcome {
  const decoded = decodeFlowPayload(input.payload);
  const flow = decoded === null ? undefined : turn.ctx.catalog.flows.get(decoded.flowId);
  const step = decoded === null ? undefined : flow?.steps.get(decoded.stepId);
  if (decoded === null || flow === undefined || step === undefined) return notForFlow(turn, current);
  const now = turn.ctx.now;
  let position: FlowPosition;
  if (current !== null && current.flowId === decoded.flowId) {
    const retries = current.stepId === decoded.stepId ? current.retries : 0;
    position = { ...current, stepId: decoded.stepId, retries, updatedAt: now };
  } else {
    if (current !== null) turn.events.push(abandonFlow(current, 'replaced'));
    turn.events.push(flowEvent('flow_started', decoded.flowId, decoded.stepId, { data: { trigger: 'payload' } }));
    position = { flowId: decoded.flowId, stepId: decoded.stepId, retries: 0, startedAt: now, updatedAt: now };
  }
  const { action } = decoded;
  if (step.kind === 'ask' && (action.kind === 'answer' || action.kind === 'skip')) {
    if (current?.flowId !== position.flowId || current.stepId !== position.stepId) {
      const variant = variantFor(turn, position.flowId, step, true);
      turn.events.push(flowEvent('step_reached', position.flowId, step.id, { variant, data: { kind: step.kind, via: 'payload' } }));
    }
    const answer = action.kind === 'skip' ? ({ kind: 'skip' } as const) : { kind: 'payload' as const, value: action.value, title: input.text };
    return answerAsk(turn, position, step, answer);
  }
  if (step.kind === 'say' && offers(stepLinks(step), decoded)) {
    if (action.kind === 'goto') return advanced(turn, runFrom(turn, { ...position, stepId: action.stepId }));
    if (action.kind === 'flow') return jumpFromMenu(turn, position, action.flowId);
  }
  return advanced(turn, runFrom(turn, position));
}

function jumpFromMenu(turn: Turn, position: FlowPosition, flowId: string): FlowOutcome {
  const target = turn.ctx.catalog.flows.get(flowId);
  if (target === undefined) return advanced(turn, runFrom(turn, position));
  turn.events.push(flowEvent('flow_completed', position.flowId, position.stepId, { data: { outcome: 'jump', to: flowId } }));
  turn.events.push(flowEvent('flow_started', flowId, target.definition.entry, { data: { trigger: `menu:${position.flowId}` } }));
  return advanced(turn, runFrom(turn, { flowId, stepId: target.definition.entry, startedAt: turn.ctx.now }));
}
