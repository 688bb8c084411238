import { ROLLUP_QUARTER_MS } from '../analytics-store';
import type { TimeRange } from '../analytics-store';

/** Rollup grains (bucket sizes in minutes): 15 minutes, an hour, a UTC day. */
export const GRAINS = Object.freeze({ quarter: 15, hour: 60, day: 1440 });

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Buckets of one grain in `[from, to)`, counted `sign` times (+1 or −1). */
export interface GrainSegment {
  /** Minutes per bucket: one of {@link GRAINS}. */
  readonly grain: number;
  readonly from: number;
  readonly to: number;
  readonly sign: 1 | -1;
}

const floorTo = (t: number, unit: number): number => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number): number => Math.ceil(t / unit) * unit;

/** `[from, to)` within one UTC day as whole hours plus at most 3 quarters at each end. */
function hoursAndQuarters(from: number, to: number, sign: 1 | -1, out: GrainSegment[]): void {
  if (from >= to) return;
  const h0 = ceilTo(from, HOUR_MS);
  const h1 = floorTo(to, HOUR_MS);
  if (h0 >= h1) {
    out.push({ grain: GRAINS.quarter, from, to, sign });
    return;
  }
  if (from < h0) out.push({ grain: GRAINS.quarter, from, to: h0, sign });
  out.push({ grain: GRAINS.hour, from: h0, to: h1, sign });
  if (h1 < to) out.push({ grain: GRAINS.quarter, from: h1, to, sign });
}

/**
 * The part `[from, to)` of the UTC day starting at `day`: added piecewise, or as the whole day minus
 * the rest when that reads fewer rollup rows (a Berlin day is one UTC day minus an hour plus an hour).
 */
function partOfDay(day: number, from: number, to: number, out: GrainSegment[]): void {
  if (from >= to) return;
  const inside = to - from;
  if (inside <= DAY_MS / 2) {
    hoursAndQuarters(from, to, 1, out);
    return;
  }
  out.push({ grain: GRAINS.day, from: day, to: day + DAY_MS, sign: 1 });
  hoursAndQuarters(day, from, -1, out);
  hoursAndQuarters(to, day + DAY_MS, -1, out);
}

/**
 * Covers `[range.from, range.to)` (rounded down to 15 minutes) with segments of the three grains
 * whose signed sums equal the sum over the range. At most one day segment, two partial days of
 * ≤ 5 segments each: the number of rollup rows read grows with the days in the range, not the quarters.
 */
export function grainSegments(range: TimeRange): GrainSegment[] {
  const from = floorTo(range.from, ROLLUP_QUARTER_MS);
  const to = floorTo(range.to, ROLLUP_QUARTER_MS);
  const out: GrainSegment[] = [];
  if (from >= to) return out;
  const d0 = floorTo(from, DAY_MS);
  const d1 = floorTo(to, DAY_MS);
  if (d0 === d1) {
    partOfDay(d0, from, to, out);
    return out;
  }
  partOfDay(d0, from, d0 + DAY_MS, out);
  if (d0 + DAY_MS < d1) out.push({ grain: GRAINS.day, from: d0 + DAY_MS, to: d1, sign: 1 });
  partOfDay(d1, d1, to, out);
  return out;
}

/** The start of the bucket of `grain` minutes holding `at`. */
export function bucketStart(at: number, grain: number): number {
  return floorTo(at, grain * 60 * 1000);
}
