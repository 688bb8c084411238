import { z } from 'zod';

/** A Graph API error body: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export const graphErrorBodySchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.coerce.number().int().optional(),
    error_subcode: z.coerce.number().int().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
/** A Graph API error body. */
export type GraphErrorBody = z.infer<typeof graphErrorBodySchema>;

/** The Send API's answer to a message: `{ recipient_id, message_id }`. */
export const sendMessageResponseSchema = z.object({
  recipient_id: z.string().optional(),
  message_id: z.string().min(1),
});

/** The Send API's answer to a sender action: `{ recipient_id }`. */
export const senderActionResponseSchema = z.object({ recipient_id: z.string().optional() });

/** A user profile as the Graph API returns it (Messenger and Instagram fields; all optional). */
export const graphProfileSchema = z.object({
  id: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
  profile_pic: z.string().optional(),
  locale: z.string().optional(),
});
/** A user profile as the Graph API returns it. */
export type GraphProfile = z.infer<typeof graphProfileSchema>;
