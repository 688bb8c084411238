/** The time range every page shows: whole days in the browser's time zone. */
export interface Range {
  /** `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** `YYYY-MM-DD`, exclusive. */
  readonly to: string;
  readonly tz: string;
}

/** The browser's IANA time zone (UTC when it has none). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today's date in `tz` plus `days`. */
export function dayIn(tz: string, days = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const d = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + days));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The last `days` days up to and including today. */
export function lastDays(days: number, tz = browserTimeZone()): Range {
  return { from: dayIn(tz, 1 - days), to: dayIn(tz, 1), tz };
}

/** The inclusive last day of a range, for date inputs. */
export function lastDay(range: Range): string {
  const [y, m, d] = range.to.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d! - 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The exclusive end for an inclusive last day. */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d! + 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Local midnight of `date` in `tz`, as an ISO instant. */
export function midnightIn(date: string, tz: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y!, m! - 1, d!);
  const wall = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  })
    .formatToParts(new Date(guess))
    .reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.type]: Number(p.value) }), {});
  const offset = Date.UTC(wall.year!, wall.month! - 1, wall.day!, wall.hour!, wall.minute!) - guess;
  return new Date(guess - offset).toISOString();
}

/** The range as ISO instants (the training API takes date-times). */
export function rangeInstants(range: Range): { from: string; to: string } {
  return { from: midnightIn(range.from, range.tz), to: midnightIn(range.to, range.tz) };
}
