import type { DistinctCount, TimeRange } from '../analytics-store';
import { MEMBER_WORDS, dayMasks } from './presence-set';

/** A stored presence set, decoded (see presence-set.ts). */
export interface PresenceRow {
  readonly day: number;
  readonly channel: string;
  readonly words: Uint32Array;
}

/** The range of UTC days (start of the first, start of the last) a set of ranges touches; null if none. */
export function dayBounds(ranges: readonly TimeRange[]): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const r of ranges) {
    const days = dayMasks(r);
    if (days.length === 0) continue;
    first = Math.min(first, days[0]!.day);
    last = Math.max(last, days[days.length - 1]!.day);
  }
  return first === Infinity ? null : { first, last };
}

/**
 * Distinct contacts of each range from the presence sets of its days: the union of the members seen
 * in a quarter the range covers (exact: a member counts once however many days and quarters it was
 * seen in). `byChannel` counts each channel's sets apart. Ranges with no contact yield no row.
 */
export function countMembers(
  rows: readonly PresenceRow[],
  ranges: readonly TimeRange[],
  byChannel: boolean,
): DistinctCount[] {
  const byDay = new Map<number, PresenceRow[]>();
  let maxIx = -1;
  for (const row of rows) {
    const list = byDay.get(row.day) ?? [];
    list.push(row);
    byDay.set(row.day, list);
    for (let i = 0; i < row.words.length; i += MEMBER_WORDS) maxIx = Math.max(maxIx, row.words[i]!);
  }
  const stamp = new Int32Array(maxIx + 1);
  let tag = 0;
  const out: DistinctCount[] = [];
  ranges.forEach((range, r) => {
    const days = dayMasks(range);
    const channels = byChannel
      ? [...new Set(days.flatMap((d) => (byDay.get(d.day) ?? []).map((row) => row.channel)))].sort()
      : [null];
    for (const channel of channels) {
      tag++;
      let n = 0;
      for (const { day, masks } of days) {
        const [m0, m1, m2] = masks;
        for (const row of byDay.get(day) ?? []) {
          if (channel !== null && row.channel !== channel) continue;
          const w = row.words;
          for (let i = 0; i < w.length; i += MEMBER_WORDS) {
            if (((w[i + 1]! & m0) | (w[i + 2]! & m1) | (w[i + 3]! & m2)) === 0) continue;
            const ix = w[i]!;
            if (stamp[ix] === tag) continue;
            stamp[ix] = tag;
            n++;
          }
        }
      }
      if (n > 0) out.push({ range: r, key: channel, n });
    }
  });
  return out;
}
