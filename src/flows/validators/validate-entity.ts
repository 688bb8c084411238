import { z } from 'zod';
import { err, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorContext, ValidatorResult } from './validator';

/** Capture the value of an NLU entity the runtime extracted from the answer (e.g. `city`). */
export const entityCaptureSchema = z.strictObject({
  type: z.literal('entity'),
  attribute: attributeNameSchema,
  entity: z.string().min(1).max(100),
});
/** An entity capture. */
export type EntityCapture = z.infer<typeof entityCaptureSchema>;

/** Accepts `ctx.entities[spec.entity]` when the runtime passed it in; `no_entity` otherwise. */
export function validateEntity(_raw: string, spec: EntityCapture, ctx: ValidatorContext): ValidatorResult {
  const value = ctx.entities?.[spec.entity]?.trim();
  return value === undefined || value === '' ? err({ reason: 'no_entity' }) : ok(value);
}
