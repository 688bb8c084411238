import { z } from 'zod';
import { attributeValueSchema } from '../core';
import type { AttributeValue } from '../core';
import { attributeNameSchema } from './identifier-schemas';
import { isSafePattern, UNSAFE_PATTERN_MESSAGE } from './regex-safety';

const OPERATORS = ['equals', 'notEquals', 'in', 'exists', 'gt', 'gte', 'lt', 'lte', 'matches'] as const;

/**
 * A test on one attribute; every operator given must hold. `equals`/`notEquals`/`in` compare string
 * forms (`"1"` equals `1`); `gt`/`gte`/`lt`/`lte` need a numeric value; `matches` is a regex; `exists`
 * checks presence.
 */
export const conditionSchema = z
  .strictObject({
    attribute: attributeNameSchema,
    equals: attributeValueSchema.optional(),
    notEquals: attributeValueSchema.optional(),
    in: z.array(attributeValueSchema).min(1).optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    matches: z.string().min(1).max(500).refine((pattern) => isSafePattern(pattern), UNSAFE_PATTERN_MESSAGE).optional(),
  })
  .refine((condition) => OPERATORS.some((operator) => condition[operator] !== undefined), {
    message: `a condition needs one of: ${OPERATORS.join(', ')}`,
  });
/** A test on one attribute. */
export type Condition = z.infer<typeof conditionSchema>;

const same = (a: AttributeValue, b: AttributeValue): boolean => String(a) === String(b);

function numeric(value: AttributeValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** True when every operator of `condition` holds for `value` (undefined = attribute not set). */
export function evaluateCondition(condition: Condition, value: AttributeValue | undefined): boolean {
  if (condition.exists !== undefined && (value !== undefined) !== condition.exists) return false;
  if (value === undefined) return OPERATORS.every((operator) => holdsWhenMissing(condition, operator));
  if (condition.equals !== undefined && !same(value, condition.equals)) return false;
  if (condition.notEquals !== undefined && same(value, condition.notEquals)) return false;
  if (condition.in !== undefined && !condition.in.some((candidate) => same(value, candidate))) return false;
  if (condition.matches !== undefined && !new RegExp(condition.matches).test(String(value))) return false;
  return compareNumbers(condition, numeric(value));
}

function holdsWhenMissing(condition: Condition, operator: (typeof OPERATORS)[number]): boolean {
  if (condition[operator] === undefined || operator === 'notEquals') return true;
  return operator === 'exists' && condition.exists === false;
}

function compareNumbers(condition: Condition, n: number | null): boolean {
  const bounds = [condition.gt, condition.gte, condition.lt, condition.lte];
  if (bounds.every((bound) => bound === undefined)) return true;
  if (n === null) return false;
  if (condition.gt !== undefined && !(n > condition.gt)) return false;
  if (condition.gte !== undefined && !(n >= condition.gte)) return false;
  if (condition.lt !== undefined && !(n < condition.lt)) return false;
  return condition.lte === undefined || n <= condition.lte;
}
