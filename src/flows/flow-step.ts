import { z } from 'zod';
import { attributeValueSchema, MESSAGE_LIMITS as L } from '../core';
import { conditionSchema } from './condition';
import { attributeNameSchema, flowIdSchema, stepIdSchema } from './identifier-schemas';
import { checkSayContent, sayContentShape } from './say-content';
import { captureSchema } from './validators/validate-capture';

const variantName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'variant names use letters, digits, "_", "." and "-"');
const weight = z.number().min(0).max(1_000_000);
const promptText = z.string().min(1).max(L.textChars, `texts are limited to ${L.textChars} characters`);

function checkVariants(
  variants: readonly { name: string; weight: number }[] | undefined,
  ctx: z.RefinementCtx,
) {
  if (variants === undefined) return;
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.name)) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate variant "${variant.name}"`,
        path: ['variants', index, 'name'],
      });
    }
    seen.add(variant.name);
  });
  if (variants.every((variant) => variant.weight === 0)) {
    ctx.addIssue({
      code: 'custom',
      message: 'at least one variant needs a weight above 0',
      path: ['variants'],
    });
  }
}

/** A/B variant of a *say* step: its own content, shown to a share of contacts proportional to `weight`. */
export const sayVariantSchema = z
  .strictObject({ name: variantName, weight: weight.default(1), ...sayContentShape })
  .superRefine((variant, ctx) => checkSayContent(variant, ctx, []));

/**
 * *say*: show content, then go to `next`. Without `next` the flow waits at this step when it offered
 * quick replies/postbacks that route (`next`/`flow`), and ends otherwise. Either content fields or
 * `variants` (A/B test), not both.
 */
export const sayStepSchema = z
  .strictObject({
    id: stepIdSchema,
    kind: z.literal('say'),
    ...sayContentShape,
    variants: z.array(sayVariantSchema).min(1).max(10).optional(),
    next: stepIdSchema.optional(),
  })
  .superRefine((step, ctx) => {
    if (step.variants === undefined) return checkSayContent(step, ctx, []);
    const mixed = (['text', 'quickReplies', 'buttons', 'cards', 'media'] as const).filter(
      (key) => step[key] !== undefined,
    );
    if (mixed.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'put content in the variants, not next to them',
        path: [mixed[0] ?? 'text'],
      });
    }
    checkVariants(step.variants, ctx);
  });

/** A/B variant of an *ask* prompt. */
export const askVariantSchema = z.strictObject({
  name: variantName,
  weight: weight.default(1),
  prompt: promptText,
});

/**
 * *ask*: show `prompt` (or one of `variants`), wait for the answer, validate it with `capture` and
 * store it. A refused answer is re-asked with `retry.text` (default: the prompt); after
 * `retry.maxAttempts` refusals (default 3) the flow goes to `fallback` (or is abandoned). `skip` adds a
 * "Skip" quick reply. `interruptible: false` makes other intents count as (wrong) answers.
 */
export const askStepSchema = z
  .strictObject({
    id: stepIdSchema,
    kind: z.literal('ask'),
    prompt: promptText.optional(),
    variants: z.array(askVariantSchema).min(1).max(10).optional(),
    capture: captureSchema,
    retry: z
      .strictObject({ text: promptText.optional(), maxAttempts: z.number().int().min(1).max(10).optional() })
      .optional(),
    fallback: stepIdSchema.optional(),
    skip: z
      .strictObject({
        title: z
          .string()
          .min(1)
          .max(
            L.quickReplyTitleChars,
            `quick-reply titles are limited to ${L.quickReplyTitleChars} characters`,
          )
          .optional(),
        next: stepIdSchema.optional(),
      })
      .optional(),
    interruptible: z.boolean().optional(),
    next: stepIdSchema.optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.prompt === undefined) === (step.variants === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set either "prompt" or "variants"', path: ['prompt'] });
    }
    checkVariants(step.variants, ctx);
  });

/** *branch*: go to the `next` of the first case whose condition holds, else to `else`. */
export const branchStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('branch'),
  cases: z
    .array(z.strictObject({ when: conditionSchema, next: stepIdSchema }))
    .min(1)
    .max(50),
  else: stepIdSchema,
});

/** *set*: store `value` (strings may hold `{{placeholders}}`; `null` removes the attribute). */
export const setStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('set'),
  attribute: attributeNameSchema,
  value: attributeValueSchema.nullable(),
  next: stepIdSchema.optional(),
});

/** *goal*: mark a goal declared in the flow's `goals` as reached; `value` overrides the declared one. */
export const goalStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('goal'),
  goal: z.string().min(1).max(64),
  value: z.number().min(0).optional(),
  next: stepIdSchema.optional(),
});

/** *jump*: complete this flow and continue in `flow` at `step` (default: its entry). */
export const jumpStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('jump'),
  flow: flowIdSchema,
  step: stepIdSchema.optional(),
});

/** *handoff*: say `text` (optional) and hand the contact to a human; the bot pauses for them. */
export const handoffStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('handoff'),
  text: promptText.optional(),
});

/** *end*: say `text` (optional) and complete the flow. */
export const endStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('end'),
  text: promptText.optional(),
});

/** One step of a flow, by `kind`. */
export const flowStepSchema = z.discriminatedUnion('kind', [
  sayStepSchema,
  askStepSchema,
  branchStepSchema,
  setStepSchema,
  goalStepSchema,
  jumpStepSchema,
  handoffStepSchema,
  endStepSchema,
]);
/** One step of a flow. */
export type FlowStep = z.infer<typeof flowStepSchema>;
/** A step of one kind. */
export type FlowStepOf<K extends FlowStep['kind']> = Extract<FlowStep, { kind: K }>;
