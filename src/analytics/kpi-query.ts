import { z } from 'zod';
import { ParleyError } from '../core';
import type { DimensionFilter, TimeRange } from '../store';
import { ROLLUP_QUARTER_MS } from '../store';
import type { CalendarDate } from './zoned-time';
import { isTimeZone, startOfDay } from './zoned-time';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The longest range a KPI query may cover. */
export const MAX_RANGE_DAYS = 1100;

const instant = z
  .string()
  .refine((v) => DATE.test(v) || !Number.isNaN(Date.parse(v)), 'a date (YYYY-MM-DD) or an ISO 8601 date-time')
  .describe('YYYY-MM-DD (local midnight in `tz`) or an ISO 8601 date-time on a 15-minute boundary');
const dim = z.string().min(1).max(200);

/** Dimension filters shared by every analytics query string. */
export const filterQuerySchema = z.object({
  channel: z.enum(['messenger', 'instagram', 'web']).optional(),
  flow: dim.optional(),
  intent: dim.optional(),
  campaign: dim.optional(),
  list: dim.optional(),
  variant: dim.optional(),
});

/** A time range query string: `from`, `to`, `tz`. */
export const rangeQuerySchema = z.object({
  from: instant,
  to: instant,
  tz: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Berlin').default('UTC'),
});

/** The query string of `GET /v1/kpis`. */
export const kpiQuerySchema = rangeQuerySchema.extend(filterQuerySchema.shape).extend({
  granularity: z.enum(['day', 'week', 'month', 'total']).default('total'),
  compare: z.literal('previous').optional(),
});
/** The query string of `GET /v1/kpis`. */
export type KpiQueryInput = z.infer<typeof kpiQuerySchema>;

/** A validated KPI query with times resolved to UTC epoch ms. */
export interface KpiQuery {
  readonly range: TimeRange;
  readonly tz: string;
  readonly granularity: 'day' | 'week' | 'month' | 'total';
  readonly filter: DimensionFilter;
  readonly compare: boolean;
}

function toDate(v: string): CalendarDate | null {
  const m = DATE.exec(v);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** `value` as epoch ms: a date is its local midnight in `tz`. */
export function resolveInstant(value: string, tz: string): number {
  const date = toDate(value);
  return date ? startOfDay(date, tz) : Date.parse(value);
}

/**
 * Resolves `from`/`to` in `tz` to a UTC range.
 * @throws ParleyError `api.bad_request` when `to` is not after `from`, the range is longer than
 *   {@link MAX_RANGE_DAYS}, or an end is not on a 15-minute boundary (the rollup resolution).
 */
export function resolveRange(input: { from: string; to: string; tz: string }): TimeRange {
  const from = resolveInstant(input.from, input.tz);
  const to = resolveInstant(input.to, input.tz);
  const bad = (message: string) => new ParleyError('api.bad_request', message, { details: { from, to } });
  if (from % ROLLUP_QUARTER_MS !== 0 || to % ROLLUP_QUARTER_MS !== 0)
    throw bad('from and to must fall on 15-minute boundaries (the resolution of the rollups).');
  if (to < from) throw bad('to must not be before from.');
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw bad(`A range may cover at most ${MAX_RANGE_DAYS} days.`);
  return { from, to };
}

/** The dimension filter of a parsed query string. */
export function filterOf(input: z.infer<typeof filterQuerySchema>): DimensionFilter {
  const filter: Record<string, string> = {};
  for (const key of ['channel', 'flow', 'intent', 'campaign', 'list', 'variant'] as const) {
    const v = input[key];
    if (v !== undefined) filter[key] = v;
  }
  return filter;
}

/** Parses and resolves the query string of `GET /v1/kpis`. */
export function parseKpiQuery(raw: unknown): KpiQuery {
  const input = kpiQuerySchema.parse(raw);
  return {
    range: resolveRange(input),
    tz: input.tz,
    granularity: input.granularity,
    filter: filterOf(input),
    compare: input.compare === 'previous',
  };
}
