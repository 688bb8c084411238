import type { ContactPatch } from '../../core';
import { encodeAttributeKey } from './attribute-keys';

/** A MongoDB update document (`$set` / `$unset`), or null when the patch changes nothing. */
export interface ContactUpdate {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
}

/**
 * The update that applies a {@link ContactPatch} in one atomic statement: absent fields keep their
 * value, `profile` is replaced, attributes are set one field each and a `null` attribute is removed,
 * so concurrent patches of different attributes never overwrite each other.
 */
export function contactPatchUpdate(patch: ContactPatch): ContactUpdate | null {
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  if (patch.profile !== undefined) set.profile = patch.profile;
  if (patch.subscribed !== undefined) set.subscribed = patch.subscribed;
  if (patch.reachable !== undefined) set.reachable = patch.reachable;
  if (patch.lastInboundAt !== undefined) set.lastInboundAt = patch.lastInboundAt;
  if (patch.pageId !== undefined) set.pageId = patch.pageId;
  for (const [name, value] of Object.entries(patch.attributes ?? {})) {
    const field = `attributes.${encodeAttributeKey(name)}`;
    if (value === null) unset[field] = '';
    else set[field] = value;
  }
  const update: ContactUpdate = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (Object.keys(unset).length > 0) update.$unset = unset;
  return update.$set === undefined && update.$unset === undefined ? null : update;
}
