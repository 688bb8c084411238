import type { TimeRange } from '../store';
import type { CalendarDate } from './zoned-time';
import { addDays, dateIn, startOfDay } from './zoned-time';

/** The granularity of a KPI series. */
export type Granularity = 'day' | 'week' | 'month' | 'total';

function nextBoundary(date: CalendarDate, granularity: Exclude<Granularity, 'total'>): CalendarDate {
  if (granularity === 'day') return addDays(date, 1);
  if (granularity === 'week') {
    const weekday = (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
    return addDays(date, 7 - weekday);
  }
  return date.month === 12
    ? { year: date.year + 1, month: 1, day: 1 }
    : { year: date.year, month: date.month + 1, day: 1 };
}

/**
 * The series buckets of `range` in `tz`: local days, ISO weeks (Monday) or calendar months, cut to the
 * range (the first and last may be partial). `total` has no series. A DST day is 23 or 25 hours long.
 */
export function seriesBuckets(range: TimeRange, granularity: Granularity, tz: string): TimeRange[] {
  if (granularity === 'total') return [];
  const out: TimeRange[] = [];
  let from = range.from;
  while (from < range.to) {
    const end = startOfDay(nextBoundary(dateIn(from, tz), granularity), tz);
    const to = Math.min(Math.max(end, from + 1), range.to);
    out.push({ from, to });
    from = to;
  }
  return out;
}
