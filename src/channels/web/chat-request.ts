import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { InboundEvent } from '../../core';
import { MESSAGE_LIMITS } from '../../core';

const contactId = z.string().trim().min(1).max(256);
const messageId = z.string().trim().min(1).max(256).optional();

/**
 * The body of `POST /v1/chat`: a text message or a tapped quick-reply/postback payload from a web
 * client. `messageId` is optional: send one to make retries idempotent (a repeated id is not processed twice).
 */
export const chatRequestSchema = z.union([
  z.strictObject({ contactId, messageId, text: z.string().trim().min(1).max(MESSAGE_LIMITS.textChars) }),
  z.strictObject({
    contactId,
    messageId,
    payload: z.string().min(1).max(MESSAGE_LIMITS.payloadChars),
    text: z.string().max(MESSAGE_LIMITS.textChars).optional(),
  }),
]);
/** The body of `POST /v1/chat`. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Turns a validated chat request into the channel-neutral event the runtime handles. */
export function chatRequestToEvent(req: ChatRequest, now: number): InboundEvent {
  const base = {
    channel: 'web' as const,
    contactId: req.contactId,
    messageId: req.messageId ?? `web-${randomUUID()}`,
    timestamp: now,
  };
  if ('payload' in req) {
    return { ...base, type: 'quick_reply', payload: req.payload, ...(req.text ? { text: req.text } : {}) };
  }
  return { ...base, type: 'text', text: req.text };
}
