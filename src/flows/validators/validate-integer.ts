import { z } from 'zod';
import { err } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import { checkBounds, parseNumber } from './validate-number';
import type { ValidatorResult } from './validator';

/** Capture a whole number, optionally within `[min, max]`. */
export const integerCaptureSchema = z.strictObject({
  type: z.literal('integer'),
  attribute: attributeNameSchema,
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});
/** An integer capture. */
export type IntegerCapture = z.infer<typeof integerCaptureSchema>;

/** Like the number validator, and refuses fractions (`not_an_integer`). */
export function validateInteger(raw: string, spec: IntegerCapture): ValidatorResult {
  const parsed = parseNumber(raw);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value)) return err({ reason: 'not_an_integer' });
  return checkBounds(parsed.value, spec);
}
