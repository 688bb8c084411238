import type { InboundAttachment, InboundEvent, PlatformNotice, ReplyTo } from '../../core';
import { MESSAGE_LIMITS } from '../../core';
import type { MetaMessage } from './meta-webhook-schema';
import type { EventParty } from './webhook-values';
import { attachmentKind, toReferral } from './webhook-values';

/** A user's message as Parley events, a notice (a deletion), or why it was skipped. */
export type UserMessageOutcome =
  { readonly events: InboundEvent[] } | { readonly notice: PlatformNotice } | { readonly reason: string };

const MAX_TEXT = MESSAGE_LIMITS.textChars * 2;
const MAX_ATTACHMENTS = 20;

/**
 * Maps a user's (non-echo) `message`: quick reply → `quick_reply`, attachments → `attachment`,
 * text → `text`; `reply_to` becomes `replyTo` (an Instagram story reply is a text with a story
 * `replyTo`). A message that carries an ad `referral` (Instagram, click-to-message ads) also yields a
 * `referral` event first, so attribution happens before the message is handled.
 */
export function mapUserMessage(message: MetaMessage, party: EventParty): UserMessageOutcome {
  const common = {
    channel: party.channel,
    contactId: party.contactId,
    pageId: party.pageId,
    timestamp: party.timestamp,
    messageId: message.mid,
  };
  if (message.is_deleted === true) {
    return {
      notice: {
        ...common,
        type: 'message_deleted',
        noticeId: `meta:deleted:${message.mid}`,
        messageId: message.mid,
      },
    };
  }
  const events: InboundEvent[] = [];
  if (message.referral) {
    const { messageId, ...rest } = common;
    events.push({
      ...rest,
      type: 'referral',
      messageId: `${messageId}:referral`,
      referral: toReferral(message.referral),
    });
  }
  const main = mainEvent(message, common);
  if (main === null) {
    return events.length > 0 ? { events } : { reason: 'message without text, quick reply or attachments' };
  }
  events.push(main);
  return { events };
}

function mainEvent(
  message: MetaMessage,
  common: Pick<InboundEvent, 'channel' | 'contactId' | 'pageId' | 'timestamp' | 'messageId'>,
): InboundEvent | null {
  const text = message.text !== undefined && message.text.length > 0 ? message.text : undefined;
  const replyTo = toReplyTo(message.reply_to);
  if (message.quick_reply && message.quick_reply.payload.length > 0) {
    return {
      ...common,
      type: 'quick_reply',
      payload: message.quick_reply.payload,
      ...(text ? { text: text.slice(0, MESSAGE_LIMITS.textChars) } : {}),
    };
  }
  const attachments = toAttachments(message);
  if (attachments.length > 0) {
    return {
      ...common,
      type: 'attachment',
      attachments,
      ...(text ? { text: text.slice(0, MESSAGE_LIMITS.textChars) } : {}),
      ...(replyTo ? { replyTo } : {}),
    };
  }
  if (text)
    return { ...common, type: 'text', text: text.slice(0, MAX_TEXT), ...(replyTo ? { replyTo } : {}) };
  return null;
}

function toAttachments(message: MetaMessage): InboundAttachment[] {
  const list: InboundAttachment[] = (message.attachments ?? []).slice(0, MAX_ATTACHMENTS).map((a) => {
    const url = a.payload?.url;
    // An over-long CDN URL is dropped rather than failing the event: the kind still tells the story.
    return url !== undefined && url.length <= MESSAGE_LIMITS.urlChars
      ? { kind: attachmentKind(a.type), url }
      : { kind: attachmentKind(a.type) };
  });
  // Instagram sends gifs, stickers and the like as `is_unsupported`: the user did write to us.
  if (list.length === 0 && message.is_unsupported === true) list.push({ kind: 'other' });
  return list;
}

function toReplyTo(replyTo: MetaMessage['reply_to']): ReplyTo | undefined {
  if (!replyTo) return undefined;
  const value: ReplyTo = {
    ...(replyTo.mid ? { messageId: replyTo.mid.slice(0, 256) } : {}),
    ...(replyTo.story?.id ? { storyId: replyTo.story.id } : {}),
    ...(replyTo.story?.url && replyTo.story.url.length <= MESSAGE_LIMITS.urlChars
      ? { storyUrl: replyTo.story.url }
      : {}),
  };
  return Object.keys(value).length > 0 ? value : undefined;
}
