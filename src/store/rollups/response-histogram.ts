/*
 * Response-time histograms, one per (bucket, channel): instead of a counter row per histogram bin, a
 * bucket's bins travel together as 32-bit words, five per bin — [bin, count in quarter 0, 1, 2, 3] for
 * hour buckets; day buckets keep their count in the first quarter slot — sorted by bin, little-endian.
 */
import { ROLLUP_QUARTER_MS } from '../analytics-store';
import { decodeMembers, encodeMembers } from './presence-set';

/** Words per bin of a stored histogram. */
export const BIN_WORDS = 5;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A histogram being collected: bin → counts per quarter. */
export type BinCounts = Map<number, [number, number, number, number]>;

/** One stored histogram to merge: its bucket (an hour or a UTC day), channel and new counts. */
export interface HistogramCell {
  readonly bucket: number;
  readonly channel: string;
  readonly bins: BinCounts;
}

/** Collects the response-time bins of a batch per hour and per UTC day. */
export interface HistogramBatch {
  readonly add: (bin: number, at: number, channel: string) => void;
  hours(): HistogramCell[];
  days(): HistogramCell[];
}

/** bucket → channel → cell, without building a string key per answered message. */
type Cells = Map<number, Map<string, HistogramCell>>;

function cellOf(cells: Cells, bucket: number, channel: string): HistogramCell {
  let byChannel = cells.get(bucket);
  if (byChannel === undefined) {
    byChannel = new Map();
    cells.set(bucket, byChannel);
  }
  let c = byChannel.get(channel);
  if (c === undefined) {
    c = { bucket, channel, bins: new Map() };
    byChannel.set(channel, c);
  }
  return c;
}

const cellsOf = (cells: Cells): HistogramCell[] => [...cells.values()].flatMap((m) => [...m.values()]);

function count(bins: BinCounts, bin: number, slot: number): void {
  let counts = bins.get(bin);
  if (counts === undefined) {
    counts = [0, 0, 0, 0];
    bins.set(bin, counts);
  }
  counts[slot] = (counts[slot] ?? 0) + 1;
}

/** A fresh {@link HistogramBatch}. */
export function createHistogramBatch(): HistogramBatch {
  const hours: Cells = new Map();
  const days: Cells = new Map();
  return {
    add(bin, at, channel) {
      const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
      count(cellOf(hours, hour, channel).bins, bin, Math.floor((at - hour) / ROLLUP_QUARTER_MS));
      count(cellOf(days, Math.floor(at / DAY_MS) * DAY_MS, channel).bins, bin, 0);
    },
    hours: () => cellsOf(hours),
    days: () => cellsOf(days),
  };
}

/** Adds new counts to a stored histogram (null: none yet) and encodes the sum for storage. */
export function mergeHistogram(stored: Uint8Array | null, added: BinCounts): Buffer {
  const sum = new Map<number, number[]>();
  if (stored !== null) {
    const w = decodeMembers(stored);
    for (let i = 0; i < w.length; i += BIN_WORDS) sum.set(w[i]!, [...w.subarray(i + 1, i + BIN_WORDS)]);
  }
  for (const [bin, counts] of added) {
    const prior = sum.get(bin) ?? [0, 0, 0, 0];
    sum.set(
      bin,
      prior.map((c, j) => c + (counts[j] ?? 0)),
    );
  }
  const bins = [...sum.keys()].sort((a, b) => a - b);
  const out = new Uint32Array(bins.length * BIN_WORDS);
  bins.forEach((bin, k) => {
    out[k * BIN_WORDS] = bin;
    out.set(sum.get(bin)!, k * BIN_WORDS + 1);
  });
  return encodeMembers(out);
}

/**
 * Adds a stored histogram into `into` (bin → count), counted `sign` times in whole, or — with quarter
 * `weights` — each quarter slot times its weight.
 */
export function addHistogram(
  into: Map<number, number>,
  stored: Uint8Array,
  sign: number,
  weights: readonly [number, number, number, number],
): void {
  const w = decodeMembers(stored);
  for (let i = 0; i < w.length; i += BIN_WORDS) {
    const c0 = w[i + 1]!;
    const c1 = w[i + 2]!;
    const c2 = w[i + 3]!;
    const c3 = w[i + 4]!;
    const n =
      sign * (c0 + c1 + c2 + c3) + weights[0] * c0 + weights[1] * c1 + weights[2] * c2 + weights[3] * c3;
    if (n !== 0) into.set(w[i]!, (into.get(w[i]!) ?? 0) + n);
  }
}
