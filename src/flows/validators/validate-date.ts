import * as chrono from 'chrono-node';
import { z } from 'zod';
import { err, ok } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorContext, ValidatorResult } from './validator';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date such as "2024-05-31"');

/**
 * Capture a date written freely ("tomorrow", "March 3rd", "2024-05-31"), stored as an ISO date
 * (`YYYY-MM-DD`). `min`/`max` are inclusive ISO dates; `timezoneOffsetMinutes` (default 0, UTC) says
 * which calendar day "today" is; `forwardDate` reads ambiguous dates ("Friday") as future ones.
 */
export const dateCaptureSchema = z.strictObject({
  type: z.literal('date'),
  attribute: attributeNameSchema,
  min: isoDate.optional(),
  max: isoDate.optional(),
  timezoneOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  forwardDate: z.boolean().optional(),
});
/** A date capture. */
export type DateCapture = z.infer<typeof dateCaptureSchema>;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Accepts the first date the text names, relative to `ctx.now`; `invalid_date`, `too_early`, `too_late`. */
export function validateDate(raw: string, spec: DateCapture, ctx: ValidatorContext): ValidatorResult {
  const reference = { instant: new Date(ctx.now), timezone: spec.timezoneOffsetMinutes ?? 0 };
  const [first] = chrono.parse(raw.slice(0, 200), reference, { forwardDate: spec.forwardDate ?? false });
  if (first === undefined) return err({ reason: 'invalid_date' });
  const year = first.start.get('year');
  const month = first.start.get('month');
  const day = first.start.get('day');
  if (year === null || month === null || day === null || year < 1 || year > 9999) {
    return err({ reason: 'invalid_date' });
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (spec.min !== undefined && iso < spec.min) return err({ reason: 'too_early' });
  if (spec.max !== undefined && iso > spec.max) return err({ reason: 'too_late' });
  return ok(iso);
}
