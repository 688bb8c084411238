import { z } from 'zod';
import { channelSchema } from './channel';
import { inboundEventSchema } from './message';

const id = z.string().min(1).max(256);

const noticeBase = {
  /**
   * Deterministic id of the notice (the platform's id where it has one, else derived from the
   * contact, the time and the kind), so a redelivered webhook yields the same id (dedupe).
   */
  noticeId: id,
  channel: channelSchema,
  /** The contact the notice is about (the user, never the page), on the channel. */
  contactId: id,
  /** The page / Instagram account involved, when the channel has one. */
  pageId: z.string().max(256).optional(),
  /** Epoch milliseconds of the platform event. */
  timestamp: z.number().int().nonnegative(),
};

/**
 * Something the platform told us that is **not** user input: receipts, reactions, edits, opt-ins,
 * deletions, echoes of our own sends, handover changes, and user messages received while another app
 * (a human inbox) controls the thread. Channel-neutral; the runtime never answers a notice, the caller
 * logs or acts on it (e.g. an `optin` with `status: 'STOP NOTIFICATIONS'` unsubscribes the contact).
 */
export const platformNoticeSchema = z.discriminatedUnion('type', [
  /** Every message sent before `watermark` (epoch ms) was read (Messenger `message_reads`). */
  z.strictObject({ ...noticeBase, type: z.literal('read'), watermark: z.number().nonnegative() }),
  /** One of our messages was seen (Instagram `messaging_seen`: `read.mid`). */
  z.strictObject({ ...noticeBase, type: z.literal('messaging_seen'), messageId: id }),
  /** Our messages were delivered (`mids` when given, else all before `watermark`). */
  z.strictObject({
    ...noticeBase,
    type: z.literal('delivery'),
    messageIds: z.array(id),
    watermark: z.number().nonnegative().optional(),
  }),
  /** The user reacted to (or removed a reaction from) message `messageId`. */
  z.strictObject({
    ...noticeBase,
    type: z.literal('reaction'),
    action: z.enum(['react', 'unreact']),
    messageId: id,
    /** Meta's reaction name (`love`, `like`, `smile`…). */
    reaction: z.string().max(64).optional(),
    emoji: z.string().max(64).optional(),
  }),
  /** The user edited message `messageId`; `text` is the new content. */
  z.strictObject({
    ...noticeBase,
    type: z.literal('message_edit'),
    messageId: id,
    text: z.string().max(8000).optional(),
    editCount: z.number().int().nonnegative().optional(),
  }),
  /** The user deleted message `messageId` (Instagram `is_deleted`). */
  z.strictObject({ ...noticeBase, type: z.literal('message_deleted'), messageId: id }),
  /**
   * An opt-in: a Marketing Messages subscription (`optinType: 'notification_messages'`, with the
   * token to send with and its `status`), or a plugin opt-in (`ref`, `userRef` when there is no PSID yet).
   */
  z.strictObject({
    ...noticeBase,
    type: z.literal('optin'),
    optinType: z.string().max(64).optional(),
    payload: z.string().max(1000).optional(),
    ref: z.string().max(1000).optional(),
    userRef: z.string().max(256).optional(),
    token: z.string().max(1000).optional(),
    /** Epoch ms when `token` expires. */
    tokenExpiresAt: z.number().nonnegative().optional(),
    /** Meta's `notification_messages_status` (`STOP NOTIFICATIONS`, `RESUME NOTIFICATIONS`) or token status. */
    status: z.string().max(64).optional(),
  }),
  /**
   * A message the page sent (an echo). Never user input. `fromHumanAgent` is true when another app
   * (Meta Business Suite, an inbox) sent it: a human's outbound message, worth logging and a reason to
   * pause the bot.
   */
  z.strictObject({
    ...noticeBase,
    type: z.literal('echo'),
    messageId: id,
    appId: z.string().max(64).optional(),
    fromHumanAgent: z.boolean(),
    text: z.string().max(8000).optional(),
    metadata: z.string().max(1000).optional(),
    attachmentCount: z.number().int().nonnegative(),
  }),
  /** Thread control changed (handover protocol): `pass`ed to us/another app, `take`n, or `request`ed. */
  z.strictObject({
    ...noticeBase,
    type: z.literal('handover'),
    action: z.enum(['pass', 'take', 'request']),
    newOwnerAppId: z.string().max(64).optional(),
    previousOwnerAppId: z.string().max(64).optional(),
    requestedOwnerAppId: z.string().max(64).optional(),
    metadata: z.string().max(1000).optional(),
  }),
  /**
   * A user event delivered on `standby`: another app controls the thread, so the bot must not answer.
   * Log it (the conversation history stays complete); never run it through the runtime.
   */
  z.strictObject({ ...noticeBase, type: z.literal('standby'), event: inboundEventSchema }),
]);
/** Something the platform told us that is not user input. */
export type PlatformNotice = z.infer<typeof platformNoticeSchema>;
/** The kinds of platform notice. */
export type PlatformNoticeType = PlatformNotice['type'];
