import { createHash } from 'node:crypto';

/** The partition (0…count-1) an ordering key lives in: stable across processes and restarts. */
export function partitionOf(key: string, count: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % count;
}

/** A BullMQ-safe job id for any string (BullMQ refuses ':' and integer-looking ids). */
export function bullJobId(id: string): string {
  return `j-${createHash('sha1').update(id).digest('base64url')}`;
}
