import { z } from 'zod';
import { channelSchema } from './channel';
import { outboundMessageSchema } from './message';
import { nluResultSchema } from './nlu-result';

/** Who wrote a logged message. */
export const senderSchema = z.enum(['user', 'bot', 'human']);

/**
 * Delivery status of a logged message: `pending` (queued), `sending` (a sender has claimed it and is
 * calling the platform), `sent`, `failed`; inbound messages are `received`.
 */
export const messageStatusSchema = z.enum(['received', 'pending', 'sending', 'sent', 'failed']);

/**
 * One row of the message log: every inbound and outbound message, with the NLU result of inbound
 * free text, so unmatched and low-confidence messages can be reviewed and turned into training data.
 */
export const loggedMessageSchema = z.strictObject({
  id: z.string(),
  contactId: z.string(),
  channel: channelSchema,
  direction: z.enum(['in', 'out']),
  sender: senderSchema,
  /** The inbound event type (`text`, `quick_reply`…) or `message` for outbound. */
  kind: z.string(),
  /** Platform message id; unique per channel (dedupe). */
  platformMessageId: z.string().nullable(),
  text: z.string().nullable(),
  payload: z.string().nullable(),
  /** The outbound message as sent. */
  message: outboundMessageSchema.nullable(),
  nlu: nluResultSchema.nullable(),
  flowId: z.string().nullable(),
  stepId: z.string().nullable(),
  status: messageStatusSchema,
  /** Why a send failed or was refused. */
  error: z.string().nullable(),
  at: z.number(),
});
/** One row of the message log. */
export type LoggedMessage = z.infer<typeof loggedMessageSchema>;
