import type { z } from 'zod';
import type { InboundEvent, PlatformNotice } from '../../core';
import { inboundEventSchema, platformNoticeSchema } from '../../core';
import { mapPlainTextEvent } from './map-plain-text-event';
import { mapUserMessage } from './map-user-message';
import {
  metaDeliverySchema,
  metaEventBaseSchema,
  metaHandoverSchemas,
  metaMessageEditSchema,
  metaMessageSchema,
  metaOptinSchema,
  metaPostbackSchema,
  metaReactionSchema,
  metaReadSchema,
  metaReferralSchema,
} from './meta-webhook-schema';
import type { EventContext, EventParty } from './webhook-values';
import { derivedId, toMillis, toReferral } from './webhook-values';

export type { EventContext } from './webhook-values';

/** What one messaging item became: user input, notices, or a reason it was skipped. */
export type EventOutcome =
  | { readonly ok: true; readonly inbound: InboundEvent[]; readonly notices: PlatformNotice[] }
  | { readonly ok: false; readonly reason: string };

const KNOWN_IGNORED = ['app_roles', 'policy_enforcement', 'account_linking', 'game_play', 'checkout_update'];

type Raw = Record<string, unknown>;

/**
 * Maps one `messaging[]` (or `standby[]`) item to channel-neutral events. Never throws: anything
 * malformed or unknown comes back as `{ ok: false, reason }`.
 */
export function mapMessagingEvent(item: unknown, ctx: EventContext): EventOutcome {
  // Most traffic is plain text: mapped directly, with the result the schema path would give.
  const plain = mapPlainTextEvent(item, ctx);
  if (plain) return { ok: true, inbound: [plain], notices: [] };
  return mapMessagingEventBySchema(item, ctx);
}

/**
 * {@link mapMessagingEvent} without the plain-text shortcut: every item through the schemas. The
 * reference the shortcut is tested against.
 */
export function mapMessagingEventBySchema(item: unknown, ctx: EventContext): EventOutcome {
  const base = metaEventBaseSchema.safeParse(item);
  if (!base.success) return skip(`invalid event: ${summarize(base.error)}`);
  const raw = item as Raw;
  const timestamp = toMillis(base.data.timestamp);
  const senderId = base.data.sender?.id;
  const recipientId = base.data.recipient?.id;

  if (raw.message !== undefined) {
    const message = metaMessageSchema.safeParse(raw.message);
    if (!message.success) return skip(`invalid message: ${summarize(message.error)}`);
    if (message.data.is_echo === true) {
      // An echo is sent by the page: the contact is the recipient.
      if (recipientId === undefined) return skip('echo without recipient');
      const party = {
        channel: ctx.channel,
        contactId: recipientId,
        pageId: senderId ?? ctx.entryId,
        timestamp,
      };
      return notice(echoNotice(message.data, party, ctx.appId));
    }
    if (senderId === undefined) return skip('message without sender');
    const party = {
      channel: ctx.channel,
      contactId: senderId,
      pageId: recipientId ?? ctx.entryId,
      timestamp,
    };
    const mapped = mapUserMessage(message.data, party);
    if ('reason' in mapped) return skip(mapped.reason);
    if ('notice' in mapped) return notice(mapped.notice);
    return inbound(mapped.events);
  }

  const optin = raw.optin;
  const contactId = senderId ?? (optin !== undefined ? optinUserRef(optin) : undefined);
  if (contactId === undefined) return skip('event without sender');
  const party: EventParty = {
    channel: ctx.channel,
    contactId,
    pageId: recipientId ?? ctx.entryId,
    timestamp,
  };
  return mapOtherEvent(raw, party);
}

function mapOtherEvent(raw: Raw, party: EventParty): EventOutcome {
  const common = {
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
  };
  if (raw.postback !== undefined) {
    const p = metaPostbackSchema.safeParse(raw.postback);
    if (!p.success) return skip(`invalid postback: ${summarize(p.error)}`);
    const referral = p.data.referral ? toReferral(p.data.referral) : undefined;
    return inbound([
      {
        ...common,
        type: 'postback',
        messageId: p.data.mid ?? derivedId('postback', party),
        payload: p.data.payload,
        ...(p.data.title ? { title: p.data.title.slice(0, 2000) } : {}),
        ...(referral ? { referral } : {}),
      },
    ]);
  }
  if (raw.referral !== undefined) {
    const r = metaReferralSchema.safeParse(raw.referral);
    if (!r.success) return skip(`invalid referral: ${summarize(r.error)}`);
    return inbound([
      { ...common, type: 'referral', messageId: derivedId('referral', party), referral: toReferral(r.data) },
    ]);
  }
  if (raw.read !== undefined) return mapRead(raw.read, party);
  if (raw.delivery !== undefined) {
    const d = metaDeliverySchema.safeParse(raw.delivery);
    if (!d.success) return skip(`invalid delivery: ${summarize(d.error)}`);
    return notice({
      ...common,
      type: 'delivery',
      noticeId: derivedId('delivery', party),
      messageIds: d.data.mids ?? [],
      ...(d.data.watermark !== undefined ? { watermark: toMillis(d.data.watermark) } : {}),
    });
  }
  if (raw.reaction !== undefined) {
    const r = metaReactionSchema.safeParse(raw.reaction);
    if (!r.success) return skip(`invalid reaction: ${summarize(r.error)}`);
    return notice({
      ...common,
      type: 'reaction',
      noticeId: `meta:reaction:${r.data.mid}:${r.data.action}:${party.contactId}:${party.timestamp}`,
      action: r.data.action,
      messageId: r.data.mid,
      ...(r.data.reaction ? { reaction: r.data.reaction } : {}),
      ...(r.data.emoji ? { emoji: r.data.emoji } : {}),
    });
  }
  if (raw.message_edit !== undefined) {
    const e = metaMessageEditSchema.safeParse(raw.message_edit);
    if (!e.success) return skip(`invalid message_edit: ${summarize(e.error)}`);
    return notice({
      ...common,
      type: 'message_edit',
      noticeId: `meta:edit:${e.data.mid}:${e.data.num_edit ?? party.timestamp}`,
      messageId: e.data.mid,
      ...(e.data.text !== undefined ? { text: e.data.text.slice(0, 8000) } : {}),
      ...(e.data.num_edit !== undefined ? { editCount: e.data.num_edit } : {}),
    });
  }
  if (raw.optin !== undefined) return mapOptin(raw.optin, party);
  for (const key of Object.keys(metaHandoverSchemas) as (keyof typeof metaHandoverSchemas)[]) {
    if (raw[key] !== undefined) return mapHandover(key, raw[key], party);
  }
  const keys = Object.keys(raw).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k));
  const known = keys.find((k) => KNOWN_IGNORED.includes(k));
  if (known) return skip(`unsupported event type: ${known}`);
  return skip(`unknown event type: ${keys.join(',') || '(none)'}`);
}

function mapRead(value: unknown, party: EventParty): EventOutcome {
  const r = metaReadSchema.safeParse(value);
  if (!r.success) return skip(`invalid read: ${summarize(r.error)}`);
  const common = {
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
  };
  if (r.data.mid !== undefined) {
    return notice({
      ...common,
      type: 'messaging_seen',
      noticeId: `meta:seen:${r.data.mid}`,
      messageId: r.data.mid,
    });
  }
  if (r.data.watermark === undefined) return skip('read without watermark or mid');
  return notice({
    ...common,
    type: 'read',
    noticeId: derivedId('read', party),
    watermark: toMillis(r.data.watermark),
  });
}

function mapOptin(value: unknown, party: EventParty): EventOutcome {
  const o = metaOptinSchema.safeParse(value);
  if (!o.success) return skip(`invalid optin: ${summarize(o.error)}`);
  const d = o.data;
  const status = d.notification_messages_status ?? d.user_token_status;
  return notice({
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
    type: 'optin',
    noticeId: derivedId('optin', party),
    ...(d.type ? { optinType: d.type } : {}),
    ...(d.payload ? { payload: d.payload } : {}),
    ...(d.ref ? { ref: d.ref } : {}),
    ...(d.user_ref ? { userRef: d.user_ref } : {}),
    ...(d.notification_messages_token ? { token: d.notification_messages_token } : {}),
    ...(d.token_expiry_timestamp !== undefined ? { tokenExpiresAt: toMillis(d.token_expiry_timestamp) } : {}),
    ...(status ? { status } : {}),
  });
}

function mapHandover(key: keyof typeof metaHandoverSchemas, value: unknown, party: EventParty): EventOutcome {
  const parsed = metaHandoverSchemas[key].safeParse(value);
  if (!parsed.success) return skip(`invalid ${key}: ${summarize(parsed.error)}`);
  const d = parsed.data as Record<string, string | undefined>;
  const action = key === 'pass_thread_control' ? 'pass' : key === 'take_thread_control' ? 'take' : 'request';
  return notice({
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
    type: 'handover',
    noticeId: derivedId(`handover_${action}`, party),
    action,
    ...(d.new_owner_app_id ? { newOwnerAppId: d.new_owner_app_id } : {}),
    ...(d.previous_owner_app_id ? { previousOwnerAppId: d.previous_owner_app_id } : {}),
    ...(d.requested_owner_app_id ? { requestedOwnerAppId: d.requested_owner_app_id } : {}),
    ...(d.metadata ? { metadata: d.metadata.slice(0, 1000) } : {}),
  });
}

function echoNotice(
  message: z.infer<typeof metaMessageSchema>,
  party: EventParty,
  appId: string | undefined,
): PlatformNotice {
  // Our own sends carry our app id; anything else with an app id (Page inbox, Business Suite) is a human.
  const fromHumanAgent = appId !== undefined && message.app_id !== undefined && message.app_id !== appId;
  return {
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
    type: 'echo',
    noticeId: `meta:echo:${message.mid}`,
    messageId: message.mid,
    fromHumanAgent,
    attachmentCount: message.attachments?.length ?? 0,
    ...(message.app_id !== undefined ? { appId: message.app_id } : {}),
    ...(message.text !== undefined ? { text: message.text.slice(0, 8000) } : {}),
    ...(message.metadata !== undefined ? { metadata: message.metadata.slice(0, 1000) } : {}),
  };
}

function optinUserRef(optin: unknown): string | undefined {
  const parsed = metaOptinSchema.safeParse(optin);
  return parsed.success ? parsed.data.user_ref : undefined;
}

function inbound(events: InboundEvent[]): EventOutcome {
  for (const event of events) {
    const checked = inboundEventSchema.safeParse(event);
    if (!checked.success) return skip(`event does not fit the inbound schema: ${summarize(checked.error)}`);
  }
  return { ok: true, inbound: events, notices: [] };
}

function notice(value: PlatformNotice): EventOutcome {
  const checked = platformNoticeSchema.safeParse(value);
  if (!checked.success) return skip(`notice does not fit the notice schema: ${summarize(checked.error)}`);
  return { ok: true, inbound: [], notices: [checked.data] };
}

function skip(reason: string): EventOutcome {
  return { ok: false, reason };
}

/** A short, log-safe description of a zod error (paths and messages, never values). */
export function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
