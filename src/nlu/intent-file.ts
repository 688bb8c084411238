import { z } from 'zod';
import { buttonSchema, MESSAGE_LIMITS as L, quickReplySchema } from '../core';

/**
 * A quick reply offered under an answer. A plain string is a shortcut for a chip that triggers the intent
 * of the same name (`{ title: "Shipping", intent: "shipping.time" }` shows "Shipping" and answers that intent).
 */
export const answerQuickReplySchema = z.union([
  quickReplySchema,
  z.strictObject({ title: z.string().min(1).max(L.quickReplyTitleChars), intent: z.string().min(1) }),
]);
/** A quick reply offered under an answer. */
export type AnswerQuickReply = z.infer<typeof answerQuickReplySchema>;

/**
 * One answer. A string is NLP.js's plain answer; the object form adds quick replies or buttons
 * (Parley's extension of the corpus format).
 */
export const answerSchema = z.union([
  z.string().min(1).max(L.textChars),
  z.strictObject({
    text: z.string().min(1).max(L.textChars),
    quickReplies: z.array(answerQuickReplySchema).min(1).max(L.quickReplies).optional(),
    buttons: z.array(buttonSchema).min(1).max(L.buttons).optional(),
  }),
]);
/** One answer. */
export type Answer = z.infer<typeof answerSchema>;

/** What a global intent does besides answering. */
export const intentActionSchema = z.enum(['unsubscribe', 'subscribe', 'help', 'restart', 'handoff']);
/** What a global intent does besides answering. */
export type IntentAction = z.infer<typeof intentActionSchema>;

/**
 * One intent of a corpus: NLP.js's `{ intent, utterances, answers }`, plus Parley's optional fields.
 */
export const intentDefinitionSchema = z.strictObject({
  intent: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'intent names use letters, digits, "_", "." and "-"'),
  utterances: z
    .array(z.string().trim().min(1).max(L.textChars))
    .min(1, 'an intent needs at least one utterance'),
  answers: z.array(answerSchema).optional(),
  /** Start this guided flow when the intent matches (instead of, or after, the answer). */
  flow: z.string().min(1).optional(),
  /** A global behaviour: stop/unsubscribe, help, restart, talk to a human. */
  action: intentActionSchema.optional(),
  /** Offer this intent among the fallback's suggestions, with this chip title. */
  suggest: z.string().min(1).max(L.quickReplyTitleChars).optional(),
  description: z.string().max(500).optional(),
});
/** One intent of a corpus. */
export type IntentDefinition = z.infer<typeof intentDefinitionSchema>;

/**
 * An intent file: the NLP.js corpus format (`{ name, locale, data }`, so existing NLP.js corpora load
 * unchanged; `contextData` and `entities` are accepted and passed to NLP.js).
 */
export const intentFileSchema = z.strictObject({
  name: z.string().min(1).max(200),
  locale: z
    .string()
    .regex(/^[a-z]{2}(?:[-_][A-Za-z]{2})?$/, 'a locale such as "en" or "en-US"')
    .default('en'),
  description: z.string().max(1000).optional(),
  contextData: z.record(z.string(), z.unknown()).optional(),
  entities: z.record(z.string(), z.unknown()).optional(),
  data: z.array(intentDefinitionSchema),
});
/** An intent file. */
export type IntentFile = z.infer<typeof intentFileSchema>;
