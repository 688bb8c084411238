import { presenceKeysOf } from './presence-keys';
import type { EventDims } from './presence-keys';
import type { CounterDims, PresenceFlags } from './rollup-event';
import { DAY_MS, PRESENCE_SHARD_SIZE, addMember, dayQuarter } from './presence-set';
import type { MemberMasks } from './presence-set';

/** The new members of one stored presence set (key, UTC day, channel, shard). */
export interface PresenceGroup {
  readonly key: string;
  readonly day: number;
  readonly channel: string;
  readonly shard: number;
  readonly members: MemberMasks;
}

/** Collects the presence marks of a batch of events, grouped by stored set. */
export interface PresenceBatch {
  /**
   * Marks contact `ix` present at `at` in every key the event's dims (an interned object: see
   * `createDimsInterner`) and flags imply, in the sets of the event's channel.
   */
  mark(ix: number, at: number, dims: CounterDims, flags: PresenceFlags): void;
  groups(): Iterable<PresenceGroup>;
}

interface KeyTarget {
  readonly key: string;
  readonly channel: string;
  /** (UTC day index × 2^20 + shard) → group. */
  readonly groups: Map<number, PresenceGroup>;
}

const SHARDS_PER_DAY = 2 ** 20;

/** A fresh {@link PresenceBatch}. */
export function createPresenceBatch(): PresenceBatch {
  const all: PresenceGroup[] = [];
  const targets = new Map<string, KeyTarget>();
  // Events repeat a handful of dimension combinations: their targets are looked up once per batch.
  const memo = new Map<CounterDims, (readonly KeyTarget[] | undefined)[]>();
  const targetsOf = (dims: CounterDims, flags: PresenceFlags): readonly KeyTarget[] => {
    const variant = (flags.interaction ? 1 : 0) | (flags.click ? 2 : 0) | (flags.step !== null ? 4 : 0);
    let perFlags = memo.get(dims);
    if (perFlags === undefined) {
      perFlags = [];
      memo.set(dims, perFlags);
    }
    let found = perFlags[variant];
    if (found === undefined) {
      const eventDims: EventDims = {
        flow: dims.flow || null,
        intent: dims.intent || null,
        campaign: dims.campaign || null,
        variant: dims.variant || null,
        list: dims.list || null,
      };
      found = presenceKeysOf(eventDims, flags).map((key) => {
        const id = `${key}\u0000${dims.channel}`;
        let t = targets.get(id);
        if (t === undefined) {
          t = { key, channel: dims.channel, groups: new Map() };
          targets.set(id, t);
        }
        return t;
      });
      perFlags[variant] = found;
    }
    return found;
  };
  return {
    mark(ix, at, dims, flags) {
      const list = targetsOf(dims, flags);
      if (list.length === 0) return;
      const { day, quarter } = dayQuarter(at);
      const shard = Math.floor(ix / PRESENCE_SHARD_SIZE);
      const slot = (day / DAY_MS) * SHARDS_PER_DAY + shard;
      for (const t of list) {
        let g = t.groups.get(slot);
        if (g === undefined) {
          g = { key: t.key, day, channel: t.channel, shard, members: new Map() };
          t.groups.set(slot, g);
          all.push(g);
        }
        addMember(g.members, ix, quarter);
      }
    },
    groups: () => all,
  };
}
