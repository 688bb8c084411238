import type { FlowPosition } from '../core';
import type { FlowOutcome } from './flow-engine-types';
import type { Turn } from './turn';

/** The `advanced` outcome of a turn. */
export function advanced(turn: Turn, position: FlowPosition | null): FlowOutcome {
  return { kind: 'advanced', position, messages: turn.messages, events: turn.events, attributes: turn.patch, handoff: turn.handoff };
}

/** The `not_for_flow` outcome, keeping `position` (and any expiry events already in the turn). */
export function notForFlow(turn: Turn, position: FlowPosition | null): FlowOutcome {
  return { kind: 'not_for_flow', position, events: turn.events };
}
