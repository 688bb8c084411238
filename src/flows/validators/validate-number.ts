import { z } from 'zod';
import { err, ok } from '../../core';
import type { Result } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidationFailure, ValidatorResult } from './validator';

/** Capture a number (decimals allowed), optionally within `[min, max]`. */
export const numberCaptureSchema = z.strictObject({
  type: z.literal('number'),
  attribute: attributeNameSchema,
  min: z.number().optional(),
  max: z.number().optional(),
});
/** A number capture. */
export type NumberCapture = z.infer<typeof numberCaptureSchema>;

const NUMBER = /(?<![\d.,])(-?)(\d+(?:[.,]\d+)?)(\s*k\b)?/gi;

/**
 * Reads the one number a message clearly states: "800", "$1,200", "about 1.5k", "1,5". `not_a_number`
 * when there is none, `ambiguous` when it names several ("between 300 and 500").
 */
export function parseNumber(raw: string): Result<number, ValidationFailure> {
  const text = raw.slice(0, 200).replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  const values = new Set<number>();
  for (const [, sign, digits, thousands] of text.matchAll(NUMBER)) {
    const value = Number(`${sign ?? ''}${(digits ?? '').replace(',', '.')}`) * (thousands ? 1000 : 1);
    if (Number.isFinite(value)) values.add(value);
  }
  if (values.size > 1) return err({ reason: 'ambiguous' });
  const [value] = [...values];
  return value === undefined ? err({ reason: 'not_a_number' }) : ok(value);
}

/** Checks `value` against optional bounds (`too_small` / `too_large`). */
export function checkBounds(value: number, bounds: { min?: number; max?: number }): ValidatorResult {
  if (bounds.min !== undefined && value < bounds.min) return err({ reason: 'too_small' });
  if (bounds.max !== undefined && value > bounds.max) return err({ reason: 'too_large' });
  return ok(value);
}

/** Accepts the number a message states (see {@link parseNumber}) when within bounds. */
export function validateNumber(raw: string, spec: NumberCapture): ValidatorResult {
  const parsed = parseNumber(raw);
  return parsed.ok ? checkBounds(parsed.value, spec) : parsed;
}
