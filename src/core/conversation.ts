import { z } from 'zod';

/** Where a contact is inside a guided flow. */
export const flowPositionSchema = z.strictObject({
  flowId: z.string(),
  stepId: z.string(),
  /** Failed validation attempts at the current step. */
  retries: z.number().int().nonnegative(),
  startedAt: z.number(),
  /** Epoch ms of the last change; a position older than the flow TTL is abandoned. */
  updatedAt: z.number(),
});
/** Where a contact is inside a guided flow. */
export type FlowPosition = z.infer<typeof flowPositionSchema>;

/**
 * The runtime's memory of one contact's conversation. `version` increases with every save, so
 * concurrent workers cannot silently overwrite each other (optimistic concurrency).
 */
export const conversationStateSchema = z.strictObject({
  contactId: z.string(),
  flow: flowPositionSchema.nullable(),
  /** Bot paused (human handoff) until this epoch ms, or null. */
  pausedUntil: z.number().nullable(),
  lastIntent: z.string().nullable(),
  updatedAt: z.number(),
  version: z.number().int().nonnegative(),
});
/** The runtime's memory of one contact's conversation. */
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** The state of a contact the store has never seen. */
export function initialConversationState(contactId: string, now: number): ConversationState {
  return { contactId, flow: null, pausedUntil: null, lastIntent: null, updatedAt: now, version: 0 };
}
