import { z } from 'zod';
import { channelSchema } from './channel';
import { MESSAGE_LIMITS as L } from './limits';

const payload = z.string().min(1).max(L.payloadChars);
const httpUrl = z
  .string()
  .max(L.urlChars)
  .regex(/^https?:\/\//i, 'must be an http(s) URL');

/** A quick reply: a tappable chip under a message; tapping it sends `payload` back. */
export const quickReplySchema = z.strictObject({
  title: z.string().min(1).max(L.quickReplyTitleChars),
  payload,
});
/** A quick reply. */
export type QuickReply = z.infer<typeof quickReplySchema>;

/** A button: either sends a postback payload or opens a URL. */
export const buttonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('postback'), title: z.string().min(1).max(L.buttonTitleChars), payload }),
  z.strictObject({ type: z.literal('url'), title: z.string().min(1).max(L.buttonTitleChars), url: httpUrl }),
]);
/** A button. */
export type Button = z.infer<typeof buttonSchema>;

/** One card of a carousel. */
export const cardSchema = z.strictObject({
  title: z.string().min(1).max(L.cardTitleChars),
  subtitle: z.string().max(L.cardSubtitleChars).optional(),
  imageUrl: httpUrl.optional(),
  /** Where tapping the card itself leads. */
  url: httpUrl.optional(),
  buttons: z.array(buttonSchema).max(L.buttons).optional(),
});
/** One card of a carousel. */
export type Card = z.infer<typeof cardSchema>;

const quickReplies = z.array(quickReplySchema).min(1).max(L.quickReplies).optional();

/**
 * A channel-neutral message the bot sends. Channels render it and degrade what they cannot show
 * (buttons → quick replies → numbered text).
 */
export const outboundMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(L.textChars), quickReplies }),
  z.strictObject({
    type: z.literal('buttons'),
    text: z.string().min(1).max(L.buttonTextChars),
    buttons: z.array(buttonSchema).min(1).max(L.buttons),
    quickReplies,
  }),
  z.strictObject({
    type: z.literal('carousel'),
    cards: z.array(cardSchema).min(1).max(L.cards),
    quickReplies,
  }),
  z.strictObject({
    type: z.literal('media'),
    mediaType: z.enum(['image', 'video', 'audio', 'file']),
    url: httpUrl,
    quickReplies,
  }),
]);
/** A channel-neutral message the bot sends. */
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/** An attachment a user sent. */
export const inboundAttachmentSchema = z.strictObject({
  kind: z.enum(['image', 'video', 'audio', 'file', 'location', 'share', 'story_mention', 'reel', 'other']),
  url: z.string().max(L.urlChars).optional(),
});
/** An attachment a user sent. */
export type InboundAttachment = z.infer<typeof inboundAttachmentSchema>;

const inboundBase = {
  /** Platform message id (Meta `mid`) or a client-supplied id; unique per channel, used for dedupe. */
  messageId: z.string().min(1).max(256),
  channel: channelSchema,
  /** The contact's id on the channel (PSID, IGSID, the web client's contactId). */
  contactId: z.string().min(1).max(256),
  /** The page / Instagram account that received the message, when the channel has one. */
  pageId: z.string().max(256).optional(),
  /** Epoch milliseconds when the user acted. */
  timestamp: z.number().int().nonnegative(),
};

/**
 * What a user's message answers: one of our messages (`messageId`) or, on Instagram, one of the
 * account's stories (`storyId`, `storyUrl`; the story URL expires with the story).
 */
export const replyToSchema = z.strictObject({
  messageId: z.string().max(256).optional(),
  storyId: z.string().max(256).optional(),
  storyUrl: z.string().max(L.urlChars).optional(),
});
/** What a user's message answers. */
export type ReplyTo = z.infer<typeof replyToSchema>;

/** Where a contact came from: an m.me `ref`, an ad, a QR code. */
export const referralSchema = z.strictObject({
  ref: z.string().max(L.payloadChars).optional(),
  source: z.string().max(64).optional(),
  adId: z.string().max(64).optional(),
});
/** Where a contact came from. */
export type Referral = z.infer<typeof referralSchema>;

/** A channel-neutral event from a user, after the channel adapter parsed and verified it. */
export const inboundEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...inboundBase,
    type: z.literal('text'),
    text: z
      .string()
      .min(1)
      .max(L.textChars * 2),
    replyTo: replyToSchema.optional(),
  }),
  z.strictObject({
    ...inboundBase,
    type: z.literal('quick_reply'),
    payload,
    text: z.string().max(L.textChars).optional(),
  }),
  z.strictObject({
    ...inboundBase,
    type: z.literal('postback'),
    payload,
    title: z.string().max(L.textChars).optional(),
    referral: referralSchema.optional(),
  }),
  z.strictObject({
    ...inboundBase,
    type: z.literal('attachment'),
    attachments: z.array(inboundAttachmentSchema).min(1).max(20),
    text: z.string().max(L.textChars).optional(),
    replyTo: replyToSchema.optional(),
  }),
  z.strictObject({ ...inboundBase, type: z.literal('referral'), referral: referralSchema }),
]);
/** A channel-neutral event from a user. */
export type InboundEvent = z.infer<typeof inboundEventSchema>;
/** The kinds of inbound event. */
export type InboundEventType = InboundEvent['type'];
