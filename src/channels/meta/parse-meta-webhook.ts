import type { InboundEvent, PlatformNotice, Result } from '../../core';
import { ParleyError, err, ok } from '../../core';
import type { EventContext } from './map-messaging-event';
import { mapMessagingEvent, summarize } from './map-messaging-event';
import { metaEntrySchema, metaWebhookEnvelopeSchema } from './meta-webhook-schema';

/** An event that was not turned into anything, and why (for a debug log line; never user-visible). */
export interface SkippedEvent {
  readonly reason: string;
  readonly entryIndex: number;
  /** Index in `messaging[]` (or in `standby[]`, with `standby: true`); -1 for the entry itself. */
  readonly eventIndex: number;
  readonly standby?: boolean;
}

/** Everything one webhook POST carried. */
export interface ParsedWebhook {
  /** User input, sorted by timestamp (stable: same-time events keep their delivery order). */
  readonly inbound: InboundEvent[];
  /** Receipts, reactions, edits, echoes, opt-ins, handover and standby messages, in delivery order. */
  readonly notices: PlatformNotice[];
  readonly skipped: SkippedEvent[];
}

/** Options of {@link parseMetaWebhook}. */
export interface ParseMetaWebhookOptions {
  /** Our Meta app id; echoes sent by another app are flagged `fromHumanAgent`. */
  readonly appId?: string;
}

/**
 * Parses a (signature-verified, JSON-decoded) Messenger or Instagram webhook body. Every entry and
 * every `messaging[]` / `standby[]` item is handled; an unknown or malformed event is reported in
 * `skipped` and never fails the batch. Only an invalid envelope (not an object, `object` neither
 * `page` nor `instagram`, no `entry` array) is an error. Never throws.
 */
export function parseMetaWebhook(
  body: unknown,
  options: ParseMetaWebhookOptions = {},
): Result<ParsedWebhook, ParleyError> {
  const envelope = metaWebhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return err(
      new ParleyError('meta.invalid_payload', `Invalid webhook envelope: ${summarize(envelope.error)}`, {
        details: envelope.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
    );
  }
  const channel = envelope.data.object === 'page' ? 'messenger' : 'instagram';
  const inbound: InboundEvent[] = [];
  const notices: PlatformNotice[] = [];
  const skipped: SkippedEvent[] = [];

  envelope.data.entry.forEach((rawEntry, entryIndex) => {
    const entry = metaEntrySchema.safeParse(rawEntry);
    if (!entry.success) {
      skipped.push({ reason: `invalid entry: ${summarize(entry.error)}`, entryIndex, eventIndex: -1 });
      return;
    }
    const ctx: EventContext = {
      channel,
      entryId: entry.data.id,
      ...(options.appId !== undefined ? { appId: options.appId } : {}),
    };
    entry.data.messaging?.forEach((item, eventIndex) => {
      const outcome = mapMessagingEvent(item, ctx);
      if (!outcome.ok) return void skipped.push({ reason: outcome.reason, entryIndex, eventIndex });
      inbound.push(...outcome.inbound);
      notices.push(...outcome.notices);
    });
    entry.data.standby?.forEach((item, eventIndex) => {
      const outcome = mapMessagingEvent(item, ctx);
      if (!outcome.ok)
        return void skipped.push({ reason: outcome.reason, entryIndex, eventIndex, standby: true });
      // Another app controls the thread: user input is wrapped so nothing answers it by accident.
      for (const event of outcome.inbound) notices.push(standbyNotice(event));
      notices.push(...outcome.notices);
    });
    if (entry.data.changes && entry.data.changes.length > 0) {
      skipped.push({
        reason: 'changes (feed/comments) are not messaging events',
        entryIndex,
        eventIndex: -1,
      });
    }
  });

  // Array.prototype.sort is stable: events of one contact stay in delivery order at equal timestamps.
  inbound.sort((a, b) => a.timestamp - b.timestamp);
  return ok({ inbound, notices, skipped });
}

function standbyNotice(event: InboundEvent): PlatformNotice {
  return {
    type: 'standby',
    noticeId: `meta:standby:${event.messageId}`.slice(0, 256),
    channel: event.channel,
    contactId: event.contactId,
    ...(event.pageId !== undefined ? { pageId: event.pageId } : {}),
    timestamp: event.timestamp,
    event,
  };
}
