import { z } from 'zod';
import { MESSAGE_LIMITS as L } from '../core';
import { flowIdSchema, stepIdSchema } from './identifier-schemas';

const httpUrl = z
  .string()
  .max(L.urlChars, `URLs are limited to ${L.urlChars} characters`)
  .regex(/^https?:\/\/[^\s]+$/i, 'must be an http(s) URL');

const title = (limit: number, what: string) =>
  z.string().min(1).max(limit, `${what} are limited to ${limit} characters`);

const rawPayload = z
  .string()
  .min(1)
  .max(L.payloadChars)
  .refine((payload) => !payload.startsWith('FLOW|'), 'payloads starting with "FLOW|" are reserved for flows');

/** Exactly one of `next` / `flow` / `payload` is set. */
const oneTarget = (option: { next?: unknown; flow?: unknown; payload?: unknown }): boolean =>
  [option.next, option.flow, option.payload].filter((target) => target !== undefined).length === 1;
const oneTargetMessage = { message: 'set exactly one of "next", "flow" or "payload"' };

/**
 * A quick reply under a *say* message. Tapping it goes to step `next` of this flow, starts flow `flow`,
 * or sends the raw `payload` to the runtime (e.g. an intent's payload).
 */
export const sayQuickReplySchema = z
  .strictObject({
    title: title(L.quickReplyTitleChars, 'quick-reply titles'),
    next: stepIdSchema.optional(),
    flow: flowIdSchema.optional(),
    payload: rawPayload.optional(),
  })
  .refine(oneTarget, oneTargetMessage);
/** A quick reply under a *say* message. */
export type SayQuickReply = z.infer<typeof sayQuickReplySchema>;

/** A button: opens `url`, or (postback) routes like a {@link sayQuickReplySchema} quick reply. */
export const sayButtonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('url'), title: title(L.buttonTitleChars, 'button titles'), url: httpUrl }),
  z
    .strictObject({
      type: z.literal('postback'),
      title: title(L.buttonTitleChars, 'button titles'),
      next: stepIdSchema.optional(),
      flow: flowIdSchema.optional(),
      payload: rawPayload.optional(),
    })
    .refine(oneTarget, oneTargetMessage),
]);
/** A button. */
export type SayButton = z.infer<typeof sayButtonSchema>;

/** One carousel card. `title`/`subtitle` may hold `{{placeholders}}`; `url` may too (values are URL-encoded). */
export const sayCardSchema = z.strictObject({
  title: title(L.cardTitleChars, 'card titles'),
  subtitle: z
    .string()
    .max(L.cardSubtitleChars, `card subtitles are limited to ${L.cardSubtitleChars} characters`)
    .optional(),
  imageUrl: httpUrl.optional(),
  url: httpUrl.optional(),
  buttons: z.array(sayButtonSchema).min(1).max(L.buttons, `at most ${L.buttons} buttons`).optional(),
});
/** One carousel card. */
export type SayCard = z.infer<typeof sayCardSchema>;

/** An image, video, audio clip or file sent by URL. */
export const sayMediaSchema = z.strictObject({
  type: z.enum(['image', 'video', 'audio', 'file']),
  url: httpUrl,
});

/**
 * What a *say* step (or one of its variants) shows, in this order: `text` (with `buttons` if any),
 * `media`, the `cards` carousel; `quickReplies` go under the last message. `text` may hold
 * `{{first_name}}`, `{{attribute}}` or `{{attribute|default}}`.
 */
export const sayContentShape = {
  text: z.string().min(1).max(L.textChars, `texts are limited to ${L.textChars} characters`).optional(),
  quickReplies: z
    .array(sayQuickReplySchema)
    .min(1)
    .max(L.quickReplies, `at most ${L.quickReplies} quick replies per message`)
    .optional(),
  buttons: z.array(sayButtonSchema).min(1).max(L.buttons, `at most ${L.buttons} buttons`).optional(),
  cards: z.array(sayCardSchema).min(1).max(L.cards, `at most ${L.cards} cards in a carousel`).optional(),
  media: sayMediaSchema.optional(),
};

/** The fields of {@link sayContentShape}, parsed. */
export interface SayContent {
  readonly text?: string | undefined;
  readonly quickReplies?: readonly SayQuickReply[] | undefined;
  readonly buttons?: readonly SayButton[] | undefined;
  readonly cards?: readonly SayCard[] | undefined;
  readonly media?: z.infer<typeof sayMediaSchema> | undefined;
}

/** Adds the content rules zod shapes cannot state: something to show; buttons need a short text. */
export function checkSayContent(
  content: SayContent,
  ctx: z.RefinementCtx,
  prefix: (string | number)[],
): void {
  if (content.text === undefined && content.cards === undefined && content.media === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a message needs "text", "cards" or "media"', path: prefix });
  }
  if (content.buttons === undefined) return;
  if (content.text === undefined) {
    ctx.addIssue({ code: 'custom', message: '"buttons" need a "text"', path: [...prefix, 'buttons'] });
  } else if (content.text.length > L.buttonTextChars) {
    ctx.addIssue({
      code: 'too_big',
      origin: 'string',
      maximum: L.buttonTextChars,
      inclusive: true,
      input: content.text,
      message: `the text above buttons is limited to ${L.buttonTextChars} characters`,
      path: [...prefix, 'text'],
    });
  }
}
