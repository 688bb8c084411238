import { z } from 'zod';
import { choiceCaptureSchema, validateChoice } from './validate-choice';
import { dateCaptureSchema, validateDate } from './validate-date';
import { emailCaptureSchema, validateEmail } from './validate-email';
import { entityCaptureSchema, validateEntity } from './validate-entity';
import { integerCaptureSchema, validateInteger } from './validate-integer';
import { numberCaptureSchema, validateNumber } from './validate-number';
import { phoneCaptureSchema, validatePhone } from './validate-phone';
import { regexCaptureSchema, validateRegex } from './validate-regex';
import { textCaptureSchema, validateText } from './validate-text';
import type { ValidatorContext, ValidatorResult } from './validator';

/** What an *ask* step captures: the attribute to fill and the validator (by `type`) with its settings. */
export const captureSchema = z.discriminatedUnion('type', [
  textCaptureSchema,
  emailCaptureSchema,
  phoneCaptureSchema,
  numberCaptureSchema,
  integerCaptureSchema,
  dateCaptureSchema,
  choiceCaptureSchema,
  regexCaptureSchema,
  entityCaptureSchema,
]);
/** What an *ask* step captures. */
export type Capture = z.infer<typeof captureSchema>;
/** The validator kinds. */
export type CaptureType = Capture['type'];

/** Validates one answer with the validator `spec.type` names. Never throws. */
export function validateCapture(raw: string, spec: Capture, ctx: ValidatorContext): ValidatorResult {
  switch (spec.type) {
    case 'text':
      return validateText(raw, spec);
    case 'email':
      return validateEmail(raw, spec);
    case 'phone':
      return validatePhone(raw, spec);
    case 'number':
      return validateNumber(raw, spec);
    case 'integer':
      return validateInteger(raw, spec);
    case 'date':
      return validateDate(raw, spec, ctx);
    case 'choice':
      return validateChoice(raw, spec);
    case 'regex':
      return validateRegex(raw, spec);
    case 'entity':
      return validateEntity(raw, spec, ctx);
  }
}
