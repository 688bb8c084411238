import { z } from 'zod';
import { channelSchema } from './channel';

/**
 * A URL the bot sent, behind an unguessable token (`GET /r/:token`). A click logs a `link_clicked`
 * event with these dimensions and redirects to `url` with UTM parameters added.
 */
export const trackedLinkSchema = z.strictObject({
  token: z.string().min(16).max(64),
  url: z.string(),
  contactId: z.string(),
  channel: channelSchema,
  flowId: z.string().nullable(),
  stepId: z.string().nullable(),
  variant: z.string().nullable(),
  campaign: z.string().nullable(),
  createdAt: z.number(),
});
/** A URL the bot sent, behind an unguessable token. */
export type TrackedLink = z.infer<typeof trackedLinkSchema>;
