import { z } from 'zod';
import { answerSchema, intentDefinitionSchema } from '../nlu';

const instant = z.iso
  .datetime({ offset: true })
  .transform((v) => Date.parse(v))
  .optional();

/** The kinds of inbox items: unmatched, matched just above the threshold, sampled confident matches. */
export const inboxKindSchema = z.enum(['unmatched', 'review', 'validate']);
/** An inbox item's kind. */
export type InboxKind = z.infer<typeof inboxKindSchema>;

/** The query string of `GET /v1/training/inbox`. Times are ISO 8601 with an offset. */
export const inboxQuerySchema = z.strictObject({
  status: z.enum(['open', 'done', 'ignored']).default('open'),
  kind: inboxKindSchema.optional(),
  /** Only items whose logged intent or a suggestion is this intent. */
  intent: z.string().min(1).max(100).optional(),
  from: instant,
  to: instant,
  /** `frequent`: most messages first (unmatched before review before validate on ties); `newest`: latest first. */
  sort: z.enum(['frequent', 'newest']).default('frequent'),
  /** Group similar unmatched texts into clusters (default true). */
  cluster: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
});
/** A validated inbox query. */
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

/** The query string of `GET /v1/training/report`. */
export const trainingReportQuerySchema = z.strictObject({ from: instant, to: instant });
/** A validated report query. */
export type TrainingReportQuery = z.infer<typeof trainingReportQuerySchema>;

const texts = z.array(z.string().trim().min(1).max(2000)).min(1).max(500);
const version = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'the file version (SHA-256 hex) from GET /v1/training/intents');
const intentName = intentDefinitionSchema.shape.intent;

/**
 * `POST /v1/training/inbox/assign`: add the texts (one item, or every item of a cluster) as utterances of an
 * existing intent, in the file that defines it; `fileVersion` is that file's version as last read.
 */
export const assignRequestSchema = z.strictObject({ texts, intent: intentName, fileVersion: version });
/** An assign request. */
export type AssignRequest = z.infer<typeof assignRequestSchema>;

/**
 * `POST /v1/training/inbox/create-intent`: a new intent with the texts as utterances and one answer, appended
 * to `file` (default `inbox.json`; a new file is created when it does not exist, and then `fileVersion` must
 * be absent).
 */
export const createIntentRequestSchema = z.strictObject({
  texts,
  intent: intentName,
  answer: answerSchema,
  file: z.string().min(1).max(200).optional(),
  fileVersion: version.optional(),
});
/** A create-intent request. */
export type CreateIntentRequest = z.infer<typeof createIntentRequestSchema>;

/** `POST /v1/training/inbox/ignore` and `…/reopen`: items by their texts. */
export const textsRequestSchema = z.strictObject({ texts });
/** An ignore or reopen request. */
export type TextsRequest = z.infer<typeof textsRequestSchema>;

/**
 * `POST /v1/training/inbox/validate`: the verdict on matched items. With `wrong`, `intent` is the right
 * intent (when there is one); adding `fileVersion` (of that intent's file) also assigns the texts to it.
 * `predicted` is the intent the item was matched to (default: what the serving model matches now).
 */
export const validateRequestSchema = z
  .strictObject({
    texts,
    verdict: z.enum(['correct', 'wrong']),
    intent: intentName.optional(),
    predicted: intentName.optional(),
    fileVersion: version.optional(),
  })
  .refine((b) => b.verdict === 'wrong' || (b.intent === undefined && b.fileVersion === undefined), {
    message: 'intent and fileVersion only go with a wrong verdict',
  })
  .refine((b) => b.fileVersion === undefined || b.intent !== undefined, {
    message: 'fileVersion needs the intent to assign to',
  });
/** A validate request. */
export type ValidateRequest = z.infer<typeof validateRequestSchema>;
