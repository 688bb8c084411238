import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { err, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorResult } from './validator';

/**
 * Capture a phone number. `defaultRegion` (ISO 3166 alpha-2, e.g. "US") is how numbers written without
 * a `+country` prefix are read; without it only international numbers are accepted.
 */
export const phoneCaptureSchema = z.strictObject({
  type: z.literal('phone'),
  attribute: attributeNameSchema,
  defaultRegion: z
    .string()
    .refine((code) => isSupportedCountry(code), 'a supported ISO 3166 region code such as "US" or "GB"')
    .optional(),
});
/** A phone capture. */
export type PhoneCapture = z.infer<typeof phoneCaptureSchema>;

/** Accepts a valid phone number and stores it in E.164 (`+14155552671`); `invalid_phone` otherwise. */
export function validatePhone(raw: string, spec: PhoneCapture): ValidatorResult {
  const region = spec.defaultRegion as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(raw.trim().slice(0, 200), region);
  if (parsed === undefined || !parsed.isValid()) return err({ reason: 'invalid_phone' });
  return ok(parsed.number);
}
