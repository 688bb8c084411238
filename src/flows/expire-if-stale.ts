import type { FlowPosition, NewEvent } from '../core';
import { abandonFlow } from './flow-events';

/**
 * Drops a position idle for longer than `ttlMs` (`now - updatedAt > ttlMs`), with a `flow_abandoned`
 * event (`reason: 'expired'`) at its last step; returns a fresh position unchanged.
 */
export function expireIfStale(
  position: FlowPosition | null,
  clock: { readonly now: number; readonly ttlMs: number },
): { position: FlowPosition | null; events: NewEvent[] } {
  if (position === null || clock.now - position.updatedAt <= clock.ttlMs) return { position, events: [] };
  return { position: null, events: [abandonFlow(position, 'expired')] };
}
