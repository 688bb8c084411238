import type { InboundEvent } from '../../core';
import { MESSAGE_LIMITS } from '../../core';
import type { EventContext } from './webhook-values';
import { toMillis } from './webhook-values';

/** Keys of a Meta `message` that make it more than a plain text (each needs the full schema path). */
const NOT_PLAIN = [
  'quick_reply',
  'attachments',
  'reply_to',
  'referral',
  'is_echo',
  'app_id',
  'metadata',
  'is_deleted',
  'is_unsupported',
] as const;

const MAX_TEXT = MESSAGE_LIMITS.textChars * 2;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Meta id given as a string, within the schema's bounds (numbers take the full path). */
const isIdString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 256;

/**
 * The most common messaging item — a user's plain text message (`sender.id`, optional `recipient.id`,
 * `timestamp`, `message: { mid, text }`) — mapped without the schema machinery; `null` for anything
 * else or anything doubtful (numeric ids, `user_ref`, echoes, quick replies, attachments, empty text,
 * out-of-range values…), which then takes the full path of `mapMessagingEvent`. For every item it
 * accepts, the result is exactly what the full path gives (a property test holds the two together).
 */
export function mapPlainTextEvent(item: unknown, ctx: EventContext): InboundEvent | null {
  if (!isObject(item)) return null;
  const { sender, recipient, timestamp, message } = item;
  if (!isObject(sender) || !isIdString(sender.id) || sender.user_ref !== undefined) return null;
  if (recipient !== undefined && !isObject(recipient)) return null;
  const recipientId = recipient?.id;
  if (recipientId !== undefined && !isIdString(recipientId)) return null;
  if (typeof timestamp !== 'number' || !(timestamp >= 0) || !Number.isFinite(timestamp)) return null;
  const ms = toMillis(timestamp);
  if (!Number.isSafeInteger(ms)) return null;
  if (!isObject(message) || !isIdString(message.mid)) return null;
  const { text } = message;
  if (typeof text !== 'string' || text.length === 0) return null;
  for (const key of NOT_PLAIN) if (message[key] !== undefined) return null;
  return {
    channel: ctx.channel,
    contactId: sender.id,
    pageId: recipientId ?? ctx.entryId,
    timestamp: ms,
    messageId: message.mid,
    type: 'text',
    text: text.slice(0, MAX_TEXT),
  };
}
