import { ROLLUP_QUARTER_MS } from '../analytics-store';
import type { TimeRange } from '../analytics-store';

/*
 * A presence set: the contacts of one key on one UTC day, each with the quarters (96 per day) it was
 * seen in. Stored as 32-bit words, four per member — [ix, quarters 0–31, 32–63, 64–95] — sorted by
 * `ix` (a small integer per contact, never reused), little-endian. Sets are merged by OR-ing masks;
 * the distinct contacts of any quarter-aligned range are the union of the members whose masks
 * intersect the range's quarters on each day.
 */

/** Milliseconds per UTC day. */
export const DAY_MS = 86_400_000;
/** Words per member of a presence set. */
export const MEMBER_WORDS = 4;
/** Contacts per presence shard: bounds the size of one stored set (64 KiB at 4,096 members). */
export const PRESENCE_SHARD_SIZE = 4096;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The UTC day holding `at` and the quarter of the day (0–95). */
export function dayQuarter(at: number): { day: number; quarter: number } {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  return { day, quarter: Math.floor((at - day) / ROLLUP_QUARTER_MS) };
}

/** New members of one set, collected before merging: ix → its three mask words. */
export type MemberMasks = Map<number, Uint32Array>;

/** Marks `ix` as seen in `quarter` (0–95) of the day. */
export function addMember(members: MemberMasks, ix: number, quarter: number): void {
  let m = members.get(ix);
  if (m === undefined) {
    m = new Uint32Array(3);
    members.set(ix, m);
  }
  const w = quarter >> 5;
  m[w] = (m[w] ?? 0) | (1 << (quarter & 31));
}

/** Decodes a stored set (a copy: SQLite blobs need not be aligned). */
export function decodeMembers(blob: Uint8Array): Uint32Array {
  const words = new Uint32Array(blob.byteLength >> 2);
  const bytes = new Uint8Array(words.buffer);
  bytes.set(blob.subarray(0, words.byteLength));
  if (!LITTLE_ENDIAN) Buffer.from(words.buffer).swap32();
  return words;
}

/** Encodes a set for storage. */
export function encodeMembers(words: Uint32Array): Buffer {
  const buf = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  return LITTLE_ENDIAN ? buf : Buffer.from(buf).swap32();
}

/** The union of a stored set (sorted words) and new members, sorted by ix. */
export function mergeMembers(stored: Uint32Array, added: MemberMasks): Uint32Array {
  const ixs = [...added.keys()].sort((a, b) => a - b);
  const out = new Uint32Array(stored.length + ixs.length * MEMBER_WORDS);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < stored.length || j < ixs.length) {
    const a = i < stored.length ? stored[i]! : Infinity;
    const b = j < ixs.length ? ixs[j]! : Infinity;
    const masks = b <= a ? added.get(b)! : null;
    out[o] = Math.min(a, b);
    for (let w = 0; w < 3; w++) {
      out[o + 1 + w] = (a <= b ? stored[i + 1 + w]! : 0) | (masks ? masks[w]! : 0);
    }
    if (a <= b) i += MEMBER_WORDS;
    if (b <= a) j++;
    o += MEMBER_WORDS;
  }
  return out.subarray(0, o);
}

/** The quarters of one UTC day that a range covers, as three mask words. */
export interface DayMask {
  readonly day: number;
  readonly masks: readonly [number, number, number];
}

/** The UTC days `[range.from, range.to)` (rounded down to 15 minutes) touches, with their covered quarters. */
export function dayMasks(range: TimeRange): DayMask[] {
  const from = Math.floor(range.from / ROLLUP_QUARTER_MS) * ROLLUP_QUARTER_MS;
  const to = Math.floor(range.to / ROLLUP_QUARTER_MS) * ROLLUP_QUARTER_MS;
  const out: DayMask[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    const q0 = Math.max(0, (from - day) / ROLLUP_QUARTER_MS);
    const q1 = Math.min(96, (to - day) / ROLLUP_QUARTER_MS);
    const masks: [number, number, number] = [0, 0, 0];
    for (let w = 0; w < 3; w++) {
      const lo = Math.max(q0, w * 32);
      const hi = Math.min(q1, w * 32 + 32);
      if (hi <= lo) continue;
      const width = hi - lo;
      masks[w] = (width === 32 ? 0xffffffff : ((1 << width) - 1) << (lo - w * 32)) >>> 0;
    }
    out.push({ day, masks });
  }
  return out;
}
