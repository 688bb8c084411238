import { ParleyError } from '../../core';

/** A MongoDB driver/server error, recognised by shape (module registries can load the driver twice). */
export interface MongoLikeError extends Error {
  readonly code?: number | string;
}

/** True for errors thrown by the MongoDB driver or server. */
export function isMongoError(e: unknown): e is MongoLikeError {
  return e instanceof Error && e.name.startsWith('Mongo');
}

/** True for a duplicate-key error, optionally only on the index named `index`. */
export function isDuplicateKey(e: unknown, index?: string): boolean {
  if (!isMongoError(e) || e.code !== 11000) return false;
  return index === undefined || e.message.includes(index);
}

/**
 * Maps a failure inside the MongoDB store to a {@link ParleyError}: a duplicate key → `store.constraint`;
 * anything else the driver reports (no server, timeouts, closed client, server errors) →
 * `store.unavailable`. ParleyErrors and programming errors pass through unchanged.
 */
export function toMongoError(e: unknown): unknown {
  if (e instanceof ParleyError || !isMongoError(e)) return e;
  if (isDuplicateKey(e)) {
    return new ParleyError('store.constraint', `Write refused: ${e.message}`, {
      details: { mongo: e.code },
      cause: e,
    });
  }
  return new ParleyError('store.unavailable', `MongoDB failed: ${e.message}`, {
    details: { mongo: e.code ?? e.name },
    cause: e,
  });
}
