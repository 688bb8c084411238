import { z } from 'zod';

/** Meta ids are strings; some tools (and old payloads) send numbers. */
const metaId = z.union([z.string().min(1).max(256), z.number().int().nonnegative()]).transform(String);

/**
 * The envelope of a Messenger / Instagram webhook POST. Entries and events are kept `unknown` here:
 * each is validated on its own so one malformed event cannot fail the whole batch.
 */
export const metaWebhookEnvelopeSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.unknown()),
});
/** The envelope of a Messenger / Instagram webhook POST. */
export type MetaWebhookEnvelope = z.infer<typeof metaWebhookEnvelopeSchema>;

/** One `entry[]` item: a page / Instagram account with its events. */
export const metaEntrySchema = z.object({
  id: metaId,
  time: z.number().nonnegative().optional(),
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
  /** Feed / comment changes: not messaging, skipped. */
  changes: z.array(z.unknown()).optional(),
});
/** One `entry[]` item. */
export type MetaEntry = z.infer<typeof metaEntrySchema>;

/** The fields every messaging event has; the event's kind is the other key it carries. */
export const metaEventBaseSchema = z.object({
  sender: z.object({ id: metaId.optional(), user_ref: metaId.optional() }).optional(),
  recipient: z.object({ id: metaId.optional() }).optional(),
  timestamp: z.number().nonnegative(),
});

/** A `referral` object (m.me link, ad, ig.me link), alone or inside a postback or message. */
export const metaReferralSchema = z.object({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: metaId.optional(),
  referer_uri: z.string().optional(),
  ads_context_data: z.record(z.string(), z.unknown()).optional(),
});
/** A `referral` object. */
export type MetaReferral = z.infer<typeof metaReferralSchema>;

/** One attachment of a message (`image`, `video`, `audio`, `file`, `location`, `fallback`, `share`, `story_mention`, `ig_reel`…). */
export const metaAttachmentSchema = z.object({
  type: z.string().min(1),
  payload: z
    .object({ url: z.string().optional(), title: z.string().optional(), sticker_id: z.unknown().optional() })
    .nullish(),
});
/** One attachment of a message. */
export type MetaAttachment = z.infer<typeof metaAttachmentSchema>;

/** The `message` of a messages event (a user's message, or an echo of ours with `is_echo`). */
export const metaMessageSchema = z.object({
  mid: z.string().min(1).max(256),
  text: z.string().optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  attachments: z.array(metaAttachmentSchema).optional(),
  reply_to: z
    .object({
      mid: z.string().optional(),
      story: z.object({ id: metaId.optional(), url: z.string().optional() }).optional(),
    })
    .optional(),
  referral: metaReferralSchema.optional(),
  is_echo: z.boolean().optional(),
  app_id: metaId.optional(),
  metadata: z.string().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
});
/** The `message` of a messages event. */
export type MetaMessage = z.infer<typeof metaMessageSchema>;

/** A postback: a tapped button, Get Started, a persistent menu item, an ice breaker. */
export const metaPostbackSchema = z.object({
  mid: z.string().min(1).max(256).optional(),
  title: z.string().optional(),
  payload: z.string(),
  referral: metaReferralSchema.optional(),
});

/** A read receipt: Messenger gives a `watermark`, Instagram the `mid` that was seen. */
export const metaReadSchema = z.object({
  watermark: z.number().nonnegative().optional(),
  mid: z.string().min(1).max(256).optional(),
});

/** A delivery receipt. */
export const metaDeliverySchema = z.object({
  mids: z.array(z.string().min(1).max(256)).optional(),
  watermark: z.number().nonnegative().optional(),
});

/** A reaction to a message. */
export const metaReactionSchema = z.object({
  mid: z.string().min(1).max(256),
  action: z.enum(['react', 'unreact']),
  reaction: z.string().optional(),
  emoji: z.string().optional(),
});

/** A user's edit of a message they sent. */
export const metaMessageEditSchema = z.object({
  mid: z.string().min(1).max(256),
  text: z.string().optional(),
  num_edit: z.coerce.number().int().nonnegative().optional(),
});

/** An opt-in (Marketing Messages subscription or a plugin opt-in). */
export const metaOptinSchema = z.object({
  type: z.string().optional(),
  payload: z.string().optional(),
  ref: z.string().optional(),
  user_ref: metaId.optional(),
  notification_messages_token: z.string().optional(),
  token_expiry_timestamp: z.number().nonnegative().optional(),
  notification_messages_status: z.string().optional(),
  user_token_status: z.string().optional(),
});

/** Handover protocol events. */
export const metaHandoverSchemas = {
  pass_thread_control: z.object({ new_owner_app_id: metaId.optional(), metadata: z.string().optional() }),
  take_thread_control: z.object({
    previous_owner_app_id: metaId.optional(),
    metadata: z.string().optional(),
  }),
  request_thread_control: z.object({
    requested_owner_app_id: metaId.optional(),
    metadata: z.string().optional(),
  }),
} as const;
