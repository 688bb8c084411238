import { z } from 'zod';
import { err, MESSAGE_LIMITS as L, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorResult } from './validator';

/** Capture free text, trimmed, between `minLength` (default 1) and `maxLength` (default 1000) characters. */
export const textCaptureSchema = z.strictObject({
  type: z.literal('text'),
  attribute: attributeNameSchema,
  minLength: z.number().int().min(1).max(L.textChars).optional(),
  maxLength: z.number().int().min(1).max(L.textChars).optional(),
});
/** A text capture. */
export type TextCapture = z.infer<typeof textCaptureSchema>;

/** Accepts the trimmed text when its length is within bounds (`too_short` / `too_long` otherwise). */
export function validateText(raw: string, spec: TextCapture): ValidatorResult {
  const text = raw.trim();
  if (text.length < (spec.minLength ?? 1)) return err({ reason: 'too_short' });
  if (text.length > (spec.maxLength ?? 1000)) return err({ reason: 'too_long' });
  return ok(text);
}
