import type { FlowPosition, NewEvent } from '../core';

/** The reasons a flow is abandoned, logged as `data.reason` on `flow_abandoned`. */
export type AbandonReason = 'expired' | 'replaced' | 'max_retries' | 'step_limit' | 'missing_step' | 'restart' | 'stop' | 'handoff';

/** Extra fields of a flow event. */
export interface FlowEventFields {
  readonly variant?: string | null;
  readonly value?: number | null;
  readonly campaign?: string;
  readonly data?: Record<string, unknown>;
}

/** A flow event in the core `NewEvent` shape, with the flow and step dimensions set. */
export function flowEvent(type: NewEvent['type'], flowId: string, stepId: string, fields: FlowEventFields = {}): NewEvent {
  const event: NewEvent = { type, flowId, stepId, data: fields.data ?? {} };
  if (fields.variant !== undefined && fields.variant !== null) event.variant = fields.variant;
  if (fields.value !== undefined && fields.value !== null) event.value = fields.value;
  if (fields.campaign !== undefined) event.campaign = fields.campaign;
  return event;
}

/**
 * The `flow_abandoned` event for leaving `position` unfinished (stop, restart, handoff outside a flow,
 * a newer flow, expiry…), at its last step.
 */
export function abandonFlow(position: FlowPosition, reason: AbandonReason): NewEvent {
  return flowEvent('flow_abandoned', position.flowId, position.stepId, { data: { reason, retries: position.retries } });
}
