import { z } from 'zod';

/** One scored intent. */
export const intentScoreSchema = z.strictObject({ intent: z.string(), score: z.number() });
/** One scored intent. */
export type IntentScore = z.infer<typeof intentScoreSchema>;

/**
 * What the intent matcher said about one message. `score` is the **raw** score of the best intent
 * (never NLP.js's rewritten `None`/1); `matched` is `score >= threshold`; `intent` is null when unmatched.
 */
export const nluResultSchema = z.strictObject({
  intent: z.string().nullable(),
  score: z.number(),
  matched: z.boolean(),
  /** The best intents, best first (up to 3). */
  candidates: z.array(intentScoreSchema),
  /** The model that answered (hash of intents + settings). */
  modelVersion: z.string(),
});
/** What the intent matcher said about one message. */
export type NluResult = z.infer<typeof nluResultSchema>;
