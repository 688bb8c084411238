import { ROLLUP_QUARTER_MS } from '../analytics-store';
import type { CounterDims } from './rollup-event';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A counter of one hour (or UTC day) bucket, as merged from a batch of increments. */
export interface CounterCell {
  readonly metric: string;
  readonly dims: CounterDims;
  /** Start of the hour (hour cells) or UTC day (day cells). */
  readonly bucket: number;
  n: number;
  total: number;
  /** Hour cells: `n` and `total` per quarter of the hour; all zero for day cells. */
  readonly nq: [number, number, number, number];
  readonly tq: [number, number, number, number];
}

/** Merges counter increments into hour cells (with quarter sub-counts) and derives the day cells. */
export interface CellAccumulator {
  readonly add: (metric: string, at: number, dims: CounterDims, n: number, total: number) => void;
  /** The hour cells merged so far. */
  hours(): Iterable<CounterCell>;
  /** The day cells: the hour cells summed per UTC day. */
  days(): CounterCell[];
}

const cell = (metric: string, dims: CounterDims, bucket: number): CounterCell => ({
  metric,
  dims,
  bucket,
  n: 0,
  total: 0,
  nq: [0, 0, 0, 0],
  tq: [0, 0, 0, 0],
});

/**
 * A fresh {@link CellAccumulator}. One row per (metric, dimensions, hour) instead of one per quarter
 * and one per hour: the quarters ride along as columns, so a batch writes about half the rows. Cells
 * are found by the identity of `dims`: callers pass interned dimension objects (see
 * {@link createDimsInterner}); equal but distinct objects make separate cells, which is still correct.
 */
export function createCellAccumulator(): CellAccumulator {
  const cells = new Map<CounterDims, Map<string, Map<number, CounterCell>>>();
  const all: CounterCell[] = [];
  let lastDims: CounterDims | null = null;
  let lastByMetric = new Map<string, Map<number, CounterCell>>();
  return {
    add(metric, at, dims, n, total) {
      let byMetric = dims === lastDims ? lastByMetric : cells.get(dims);
      if (byMetric === undefined) {
        byMetric = new Map();
        cells.set(dims, byMetric);
      }
      lastDims = dims;
      lastByMetric = byMetric;
      let byHour = byMetric.get(metric);
      if (byHour === undefined) {
        byHour = new Map();
        byMetric.set(metric, byHour);
      }
      const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
      let c = byHour.get(hour);
      if (c === undefined) {
        c = cell(metric, dims, hour);
        byHour.set(hour, c);
        all.push(c);
      }
      const q = Math.floor((at - hour) / ROLLUP_QUARTER_MS);
      c.n += n;
      c.total += total;
      c.nq[q] = (c.nq[q] ?? 0) + n;
      c.tq[q] = (c.tq[q] ?? 0) + total;
    },
    hours: () => all,
    days() {
      const days: CounterCell[] = [];
      for (const byMetric of cells.values()) {
        for (const byHour of byMetric.values()) {
          const perDay = new Map<number, CounterCell>();
          for (const h of byHour.values()) {
            const day = Math.floor(h.bucket / DAY_MS) * DAY_MS;
            let d = perDay.get(day);
            if (d === undefined) {
              d = cell(h.metric, h.dims, day);
              perDay.set(day, d);
              days.push(d);
            }
            d.n += h.n;
            d.total += h.total;
          }
        }
      }
      return days;
    },
  };
}

/** Hands out one shared {@link CounterDims} object per distinct combination of values. */
export type DimsInterner = (
  channel: string,
  flow: string | null,
  step: string | null,
  intent: string | null,
  campaign: string | null,
  variant: string | null,
  list: string | null,
) => CounterDims;

/** A fresh {@link DimsInterner} (bounded: it starts over past 10,000 combinations). */
export function createDimsInterner(): DimsInterner {
  const known = new Map<string, CounterDims>();
  const channelOnly = new Map<string, CounterDims>();
  return (channel, flow, step, intent, campaign, variant, list) => {
    // Most events carry no dimension but the channel.
    const bare = flow === null && step === null && intent === null && campaign === null;
    if (bare && variant === null && list === null) {
      const dims = channelOnly.get(channel);
      if (dims !== undefined) return dims;
    }
    const key = `${channel}\u0000${flow ?? ''}\u0000${step ?? ''}\u0000${intent ?? ''}\u0000${campaign ?? ''}\u0000${variant ?? ''}\u0000${list ?? ''}`;
    let dims = known.get(key);
    if (dims === undefined) {
      if (known.size >= 10_000) known.clear();
      dims = Object.freeze({
        channel,
        flow: flow ?? '',
        step: step ?? '',
        intent: intent ?? '',
        campaign: campaign ?? '',
        variant: variant ?? '',
        list: list ?? '',
      });
      known.set(key, dims);
      if (bare && variant === null && list === null) channelOnly.set(channel, dims);
    }
    return dims;
  };
}
