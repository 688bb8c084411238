import { z } from 'zod';
import { attributesSchema } from './attributes';
import { channelSchema } from './channel';

/** What the channel told us about a person. */
export const profileSchema = z.strictObject({
  firstName: z.string().max(256).optional(),
  lastName: z.string().max(256).optional(),
  locale: z.string().max(32).optional(),
});
/** What the channel told us about a person. */
export type Profile = z.infer<typeof profileSchema>;

/** A person talking to the bot on one channel. Unique by `(channel, externalId)`. */
export const contactSchema = z.strictObject({
  /** Parley's id (a UUID), stable across the contact's life. */
  id: z.string(),
  channel: channelSchema,
  /** The id the channel knows the contact by (PSID, IGSID, web contactId). */
  externalId: z.string(),
  profile: profileSchema,
  attributes: attributesSchema,
  /** Opted in to marketing messages; `false` after stop/unsubscribe. */
  subscribed: z.boolean(),
  /** A send to this contact failed because the platform says the user is unavailable. */
  reachable: z.boolean(),
  /** The page / Instagram account the contact talks to (replies are sent from it), or null. */
  pageId: z.string().nullable(),
  /** Epoch ms of the last message the user sent (the 24-hour window starts here), or null. */
  lastInboundAt: z.number().nullable(),
  createdAt: z.number(),
});
/** A person talking to the bot on one channel. */
export type Contact = z.infer<typeof contactSchema>;

/** The fields of a contact a turn may change. */
export const contactPatchSchema = z.strictObject({
  profile: profileSchema.optional(),
  /** Merged into the existing attributes; a `null` value removes the attribute. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  subscribed: z.boolean().optional(),
  reachable: z.boolean().optional(),
  lastInboundAt: z.number().optional(),
  pageId: z.string().optional(),
});
/** The fields of a contact a turn may change. */
export type ContactPatch = z.infer<typeof contactPatchSchema>;

/**
 * The key of one contact on one channel (`<channel>:<externalId>`): queues order a contact's jobs by
 * it, and deleting the contact removes its pending jobs by it.
 */
export function contactKey(channel: string, externalId: string): string {
  return `${channel}:${externalId}`;
}
