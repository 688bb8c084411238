import type { DimensionFilter, Population } from '../analytics-store';

/** The dimensions distinct-contact structures are kept for (channel is a column of each mark). */
export const PRESENCE_DIMENSIONS = ['flow', 'intent', 'campaign', 'variant', 'list'] as const;
type PresenceDimension = (typeof PRESENCE_DIMENSIONS)[number];

const encode = (pairs: readonly (readonly [PresenceDimension, string])[]): string =>
  pairs.map(([d, v]) => `${d}=${encodeURIComponent(v)}`).join('&');

function filterPairs(filter: DimensionFilter): [PresenceDimension, string][] {
  const pairs: [PresenceDimension, string][] = [];
  for (const d of PRESENCE_DIMENSIONS) {
    const v = filter[d];
    if (v !== undefined) pairs.push([d, v]);
  }
  return pairs;
}

/**
 * The presence key holding the contacts of `population` under `filter` (its channel is filtered on a
 * column): `u` interacting contacts, `v` clickers, `a|<dims>` contacts with an event carrying the
 * dims, `v|<dims>` clickers whose click carried them, `s|flow=<f>|<step>` contacts reaching a step.
 */
export function presenceKey(population: Population, filter: DimensionFilter): string {
  const pairs = filterPairs(filter);
  if (population.kind === 'step') return `s|${encode(pairs)}|${encodeURIComponent(population.step)}`;
  if (pairs.length === 0) return population.kind === 'users' ? 'u' : 'v';
  return `${population.kind === 'users' ? 'a' : 'v'}|${encode(pairs)}`;
}

/** The dims an event carries, for {@link presenceKeysOf}. */
export type EventDims = Partial<Record<PresenceDimension, string | null>>;

/**
 * Every presence key an event marks its contact in: one per non-empty subset of its dimensions (so any
 * combination of filters is exact), plus `u`/`v` for interactions/clicks and `s|…` for reached steps.
 */
export function presenceKeysOf(
  dims: EventDims,
  flags: { interaction: boolean; click: boolean; step: string | null },
): string[] {
  const present: [PresenceDimension, string][] = [];
  for (const d of PRESENCE_DIMENSIONS) {
    const v = dims[d];
    if (v !== null && v !== undefined) present.push([d, v]);
  }
  const keys: string[] = [];
  if (flags.interaction) keys.push('u');
  if (flags.click) keys.push('v');
  const subsets = 1 << present.length;
  for (let mask = 1; mask < subsets; mask++) {
    const subset = present.filter((_, i) => (mask & (1 << i)) !== 0);
    const enc = encode(subset);
    keys.push(`a|${enc}`);
    if (flags.click) keys.push(`v|${enc}`);
  }
  if (flags.step !== null && dims.flow) {
    keys.push(presenceKey({ kind: 'step', step: flags.step }, { flow: dims.flow }));
  }
  return keys;
}
