import { z } from 'zod';
import type { Contact, InboundEvent, LoggedMessage, PlatformNotice } from '../../core';
import type { NewJob } from '../job-queue';
import {
  channelSchema,
  contactKey,
  inboundEventSchema,
  outboundMessageSchema,
  platformNoticeSchema,
} from '../../core';

/** An inbound job: a user event for the runtime, or a platform notice to record. */
export const inboundJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: inboundEventSchema }),
  z.strictObject({ kind: z.literal('notice'), notice: platformNoticeSchema }),
]);
/** An inbound job. */
export type InboundJob = z.infer<typeof inboundJobSchema>;

/** An outbound job: deliver one logged outbound message (its row id is the job id). */
export const outboundJobSchema = z.strictObject({
  messageId: z.string(),
  contactId: z.string(),
  channel: channelSchema,
  pageId: z.string().nullable(),
  message: outboundMessageSchema,
  /** A human agent's reply (may use the HUMAN_AGENT tag outside the window). */
  human: z.boolean().default(false),
  /** Proactive (broadcast) rather than a reply. */
  proactive: z.boolean().default(false),
  /** The list a broadcast message was sent to (KPI "list volume"). */
  list: z.string().nullable().default(null),
});
/** An outbound job. */
export type OutboundJob = z.infer<typeof outboundJobSchema>;

/** The ordering key of one contact on one channel: its events and its replies stay in order. */
export const contactOrderingKey = contactKey;

/** The inbound job of a user event; its id dedupes platform redeliveries before they reach the runtime. */
export function inboundEventJob(event: InboundEvent): NewJob<InboundJob> {
  return {
    data: { kind: 'event', event },
    orderingKey: contactOrderingKey(event.channel, event.contactId),
    jobId: `in:${event.channel}:${event.messageId}`,
  };
}

/** The inbound job of a platform notice (read, delivery, echo…), ordered with the contact's events. */
export function inboundNoticeJob(notice: PlatformNotice): NewJob<InboundJob> {
  return {
    data: { kind: 'notice', notice },
    orderingKey: contactOrderingKey(notice.channel, notice.contactId),
    jobId: `notice:${notice.channel}:${notice.noticeId}`,
  };
}

/**
 * The outbound job that delivers a logged outbound message to its contact (job id = message id, so
 * queueing it twice is harmless), or null for a row without a message.
 */
export function outboundJobFor(
  row: LoggedMessage,
  contact: Contact,
  options: { readonly pageId?: string | null; readonly proactive: boolean; readonly list: string | null },
): NewJob<OutboundJob> | null {
  if (!row.message) return null;
  return {
    jobId: `out:${row.id}`,
    orderingKey: contactOrderingKey(contact.channel, contact.externalId),
    data: {
      messageId: row.id,
      contactId: contact.id,
      channel: contact.channel,
      pageId: contact.pageId ?? options.pageId ?? null,
      message: row.message,
      human: row.sender === 'human',
      proactive: options.proactive,
      list: options.list,
    },
  };
}
