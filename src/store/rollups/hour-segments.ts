import { ROLLUP_QUARTER_MS } from '../analytics-store';
import type { TimeRange } from '../analytics-store';
import { GRAINS, grainSegments } from './grain-segments';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Rollup rows to add for a range when counters are kept per hour (with the hour's four quarters as
 * sub-counts) and per UTC day: whole buckets `[from, to)` of `grain` counted `sign` times, or — when
 * `quarters` is set — quarters of the single hour `[from, from + 1 h)`.
 */
export interface HourDaySegment {
  /** Minutes per bucket: {@link GRAINS}.hour or {@link GRAINS}.day. */
  readonly grain: number;
  readonly from: number;
  readonly to: number;
  readonly sign: 1 | -1;
  /** Bit j set: quarter j of the hour counts (`sign` times); absent: whole buckets. */
  readonly quarters?: number;
}

/** A quarter-grain segment as partial hours (it may cross one hour boundary). */
function quartersByHour(from: number, to: number, sign: 1 | -1, out: HourDaySegment[]): void {
  for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
    let mask = 0;
    for (let j = 0; j < 4; j++) {
      const q = h + j * ROLLUP_QUARTER_MS;
      if (q >= from && q < to) mask |= 1 << j;
    }
    if (mask !== 0) out.push({ grain: GRAINS.hour, from: h, to: h + HOUR_MS, sign, quarters: mask });
  }
}

/**
 * Covers `[range.from, range.to)` (rounded down to 15 minutes) with hour and day segments whose signed
 * sums equal the sum over the range — the same cover as {@link grainSegments}, with its quarter
 * segments expressed as quarter masks of hour rows. Rows read grow with the days, not the quarters.
 */
export function hourDaySegments(range: TimeRange): HourDaySegment[] {
  const out: HourDaySegment[] = [];
  for (const s of grainSegments(range)) {
    if (s.grain === GRAINS.quarter) quartersByHour(s.from, s.to, s.sign, out);
    else out.push(s);
  }
  return out;
}
