import { z } from 'zod';

/**
 * Send API limits (see ../shared/docs/meta-platform.md). Character counts are UTF-16 code units
 * (`string.length`), the most conservative reading. Instagram text: Meta documents both "less than
 * 1000 characters" and "1000 bytes"; we honour both.
 */
export const META_SEND_LIMITS = {
  messengerTextChars: 2000,
  instagramTextChars: 999,
  instagramTextBytes: 1000,
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  buttons: 3,
  buttonTitleChars: 20,
  buttonTemplateTextChars: 640,
  genericElements: 10,
  elementTitleChars: 80,
  elementSubtitleChars: 80,
} as const;

const L = META_SEND_LIMITS;
const url = z.string().regex(/^https?:\/\//i);
const payload = z.string().min(1).max(L.payloadChars);

/** A quick reply as the Send API takes it. */
export const metaQuickReplySchema = z.strictObject({
  content_type: z.literal('text'),
  title: z.string().min(1).max(L.quickReplyTitleChars),
  payload,
});
/** A quick reply as the Send API takes it. */
export type MetaQuickReply = z.infer<typeof metaQuickReplySchema>;

/** A template button (`postback` or `web_url`). */
export const metaButtonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('postback'), title: z.string().min(1).max(L.buttonTitleChars), payload }),
  z.strictObject({ type: z.literal('web_url'), title: z.string().min(1).max(L.buttonTitleChars), url }),
]);
/** A template button. */
export type MetaButton = z.infer<typeof metaButtonSchema>;

/** One element (card) of a generic template. */
export const metaElementSchema = z.strictObject({
  title: z.string().min(1).max(L.elementTitleChars),
  subtitle: z.string().min(1).max(L.elementSubtitleChars).optional(),
  image_url: url.optional(),
  default_action: z.strictObject({ type: z.literal('web_url'), url }).optional(),
  buttons: z.array(metaButtonSchema).min(1).max(L.buttons).optional(),
});
/** One element of a generic template. */
export type MetaElement = z.infer<typeof metaElementSchema>;

/** A Send API attachment: a button template, a generic template, or media by URL. */
export const metaAttachmentOutSchema = z.union([
  z.strictObject({
    type: z.literal('template'),
    payload: z.strictObject({
      template_type: z.literal('button'),
      text: z.string().min(1).max(L.buttonTemplateTextChars),
      buttons: z.array(metaButtonSchema).min(1).max(L.buttons),
    }),
  }),
  z.strictObject({
    type: z.literal('template'),
    payload: z.strictObject({
      template_type: z.literal('generic'),
      elements: z.array(metaElementSchema).min(1).max(L.genericElements),
    }),
  }),
  z.strictObject({
    type: z.enum(['image', 'video', 'audio', 'file']),
    payload: z.strictObject({ url, is_reusable: z.boolean() }),
  }),
]);

const quickReplies = z.array(metaQuickReplySchema).min(1).max(L.quickReplies).optional();

/**
 * The `message` object of one Send API call. Renderers produce these; the fake Graph API validates
 * request bodies against it.
 */
export const metaSendMessageSchema = z.union([
  z.strictObject({ text: z.string().min(1).max(L.messengerTextChars), quick_replies: quickReplies }),
  z.strictObject({ attachment: metaAttachmentOutSchema, quick_replies: quickReplies }),
]);
/** The `message` object of one Send API call. */
export type MetaSendMessage = z.infer<typeof metaSendMessageSchema>;
