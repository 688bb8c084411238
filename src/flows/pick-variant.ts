/** A weighted A/B variant. */
export interface WeightedVariant {
  readonly name: string;
  readonly weight: number;
}

/** FNV-1a (32 bit) with a murmur3 finaliser, for well-spread buckets from short keys. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Picks a variant deterministically from `contactId + flowId + stepId`, with probability
 * proportional to weight: the same contact always gets the same variant of a step. Variants with
 * weight 0 are never picked (unless all are 0, then the first); undefined when there are none.
 */
export function pickVariant<V extends WeightedVariant>(variants: readonly V[], key: { contactId: string; flowId: string; stepId: string }): V | undefined {
  const total = variants.reduce((sum, variant) => sum + Math.max(0, variant.weight), 0);
  const [first] = variants;
  if (first === undefined) return undefined;
  if (total <= 0) return first;
  let point = (hash32(`${key.contactId}\u0000${key.flowId}\u0000${key.stepId}`) / 2 ** 32) * total;
  for (const variant of variants) {
    point -= Math.max(0, variant.weight);
    if (point < 0 && variant.weight > 0) return variant;
  }
  return [...variants].reverse().find((variant) => variant.weight > 0) ?? first;
}
