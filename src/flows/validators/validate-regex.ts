import { z } from 'zod';
import { err, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import { isSafePattern, UNSAFE_PATTERN_MESSAGE } from '../regex-safety';
import type { ValidatorResult } from './validator';


/**
 * Capture text matching a regular expression (JavaScript syntax; anchor it with `^…$` to match the
 * whole answer). Only the `i`, `m`, `s` and `u` flags are allowed; nested quantifiers are refused.
 */
export const regexCaptureSchema = z
  .strictObject({
    type: z.literal('regex'),
    attribute: attributeNameSchema,
    pattern: z.string().min(1).max(500),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only the i, m, s and u flags')
      .optional(),
  })
  .refine((spec) => isSafePattern(spec.pattern, spec.flags), { message: UNSAFE_PATTERN_MESSAGE, path: ['pattern'] });
/** A regex capture. */
export type RegexCapture = z.infer<typeof regexCaptureSchema>;

/** Accepts the trimmed answer (at most 500 characters) when the pattern matches it; `no_match` otherwise. */
export function validateRegex(raw: string, spec: RegexCapture): ValidatorResult {
  const text = raw.trim();
  if (text === '' || text.length > 500) return err({ reason: 'no_match' });
  return new RegExp(spec.pattern, spec.flags).test(text) ? ok(text) : err({ reason: 'no_match' });
}
