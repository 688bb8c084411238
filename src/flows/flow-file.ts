import { z } from 'zod';
import { MESSAGE_LIMITS as L } from '../core';
import { attributeNameSchema, flowIdSchema, stepIdSchema } from './identifier-schemas';
import { flowStepSchema } from './flow-step';

const triggerList = (item: z.ZodString) => z.array(item).max(100).optional();

/**
 * What starts a flow: an intent, a postback/quick-reply payload, an entry-point `ref` (m.me link, QR
 * code), an ad id, or a keyword contained in a message. A trigger may belong to one flow only.
 */
export const flowTriggersSchema = z.strictObject({
  intents: triggerList(z.string().min(1).max(100)),
  payloads: triggerList(
    z
      .string()
      .min(1)
      .max(L.payloadChars)
      .refine((payload) => !payload.startsWith('FLOW|'), 'payloads starting with "FLOW|" are reserved'),
  ),
  refs: triggerList(z.string().min(1).max(L.payloadChars)),
  adIds: triggerList(z.string().min(1).max(64)),
  keywords: triggerList(z.string().trim().min(2).max(100)),
});
/** What starts a flow. */
export type FlowTriggers = z.infer<typeof flowTriggersSchema>;

/** A declared attribute: documentation for trainers and a `default` for `{{placeholders}}`. */
export const attributeDeclarationSchema = z.strictObject({
  type: z.enum([
    'text',
    'email',
    'phone',
    'number',
    'integer',
    'date',
    'choice',
    'regex',
    'entity',
    'boolean',
  ]),
  description: z.string().max(500).optional(),
  default: z.string().max(200).optional(),
});

/** A goal; a `conversion` goal also counts as a conversion (KPIs) with `value` in `currency`. */
export const goalDeclarationSchema = z.strictObject({
  conversion: z.boolean().optional(),
  value: z.number().min(0).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"')
    .optional(),
  description: z.string().max(500).optional(),
});

/**
 * One flow file (`flows/<id>.json`): one flow. Unknown fields are errors. Step ids must be unique and
 * every referenced step, flow, intent and goal must exist (checked by {@link validateFlows}).
 */
export const flowFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: flowIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
  /** `utm_campaign` of this flow's tracked links (default: the flow id). */
  campaign: z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'letters, digits, "_", "." and "-" (at most 100)')
    .optional(),
  triggers: flowTriggersSchema.default({}),
  entry: stepIdSchema,
  attributes: z.record(attributeNameSchema, attributeDeclarationSchema).optional(),
  goals: z.record(z.string().min(1).max(64), goalDeclarationSchema).optional(),
  steps: z.array(flowStepSchema).min(1).max(500),
});
/** A parsed flow. */
export type FlowDefinition = z.infer<typeof flowFileSchema>;
