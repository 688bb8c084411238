import { z } from 'zod';
import { err, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorResult } from './validator';

/** Capture an email address. */
export const emailCaptureSchema = z.strictObject({
  type: z.literal('email'),
  attribute: attributeNameSchema,
});
/** An email capture. */
export type EmailCapture = z.infer<typeof emailCaptureSchema>;

const CANDIDATE = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(`^[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]{1,64}@(?:${LABEL}\\.)+[A-Za-z]{2,63}$`);

/**
 * Accepts a message holding exactly one well-formed email address ("it's jo@example.com." counts);
 * stores it with the domain lower-cased. `invalid_email` when there is none, `ambiguous` when several.
 */
export function validateEmail(raw: string, _spec: EmailCapture): ValidatorResult {
  const found = new Set<string>();
  for (const match of raw.slice(0, 1000).match(CANDIDATE) ?? []) {
    const candidate = match.replace(/[.!?]+$/, '');
    if (candidate.length > 254 || !EMAIL.test(candidate) || candidate.includes('..')) continue;
    const at = candidate.lastIndexOf('@');
    found.add(`${candidate.slice(0, at)}@${candidate.slice(at + 1).toLowerCase()}`);
  }
  if (found.size > 1) return err({ reason: 'ambiguous' });
  const [email] = [...found];
  return email === undefined ? err({ reason: 'invalid_email' }) : ok(email);
}
