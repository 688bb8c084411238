import { countMembers } from '../../../src/store/rollups/count-members';
import { hourDaySegments } from '../../../src/store/rollups/hour-segments';
import {
  addMember,
  dayMasks,
  decodeMembers,
  encodeMembers,
  mergeMembers,
} from '../../../src/store/rollups/presence-set';
import type { MemberMasks } from '../../../src/store/rollups/presence-set';

const Q = 15 * 60_000;
const H = 3_600_000;
const DAY = 86_400_000;
const D = Date.UTC(2026, 2, 10);

describe('rollup structures', () => {
  it('covers a range with whole days, whole hours and quarter masks of partial hours', () => {
    // 18:15 (UTC+5:45 midnight) to the next day's 18:15: one day minus/plus partial days.
    const segs = hourDaySegments({ from: D + 18 * H + Q, to: D + DAY + 18 * H + Q });
    const covered = (t: number) =>
      segs.reduce((sum, s) => {
        if (t < s.from || t >= s.to) return sum;
        if (s.quarters === undefined) return sum + s.sign;
        return sum + ((s.quarters >> Math.floor((t - s.from) / Q)) & 1 ? s.sign : 0);
      }, 0);
    for (let t = D - DAY; t < D + 3 * DAY; t += Q) {
      expect([t, covered(t)]).toEqual([t, t >= D + 18 * H + Q && t < D + DAY + 18 * H + Q ? 1 : 0]);
    }
    expect(segs.filter((s) => s.quarters !== undefined).map((s) => s.quarters)).toEqual([0b1110, 0b1110]);
  });

  it('merges presence sets by contact and keeps them sorted through the codec', () => {
    const first: MemberMasks = new Map();
    addMember(first, 7, 0);
    addMember(first, 2, 95);
    const stored = decodeMembers(encodeMembers(mergeMembers(new Uint32Array(0), first)));
    const more: MemberMasks = new Map();
    addMember(more, 7, 40);
    addMember(more, 5, 1);
    const merged = [...mergeMembers(stored, more)];
    expect(merged).toEqual([2, 0, 0, (1 << 31) >>> 0, 5, 2, 0, 0, 7, 1, 1 << 8, 0]);
  });

  it('counts each contact once per range, over days and quarters, per channel when asked', () => {
    const day1: MemberMasks = new Map();
    addMember(day1, 1, 0); // 00:00
    addMember(day1, 2, 95); // 23:45
    const day2: MemberMasks = new Map();
    addMember(day2, 1, 3); // 00:45 the next day
    const rows = [
      { day: D, channel: 'web', words: mergeMembers(new Uint32Array(0), day1) },
      { day: D + DAY, channel: 'web', words: mergeMembers(new Uint32Array(0), day2) },
    ];
    expect(dayMasks({ from: D + 23 * H, to: D + DAY + H }).map((d) => d.masks)).toEqual([
      [0, 0, 0xf0000000],
      [0xf, 0, 0],
    ]);
    const ranges = [
      { from: D, to: D + 2 * DAY },
      { from: D + 23 * H, to: D + DAY + H },
      { from: D + Q, to: D + 23 * H },
    ];
    expect(countMembers(rows, ranges, false)).toEqual([
      { range: 0, key: null, n: 2 },
      { range: 1, key: null, n: 2 },
    ]);
    expect(countMembers(rows, ranges.slice(0, 1), true)).toEqual([{ range: 0, key: 'web', n: 2 }]);
  });
});
