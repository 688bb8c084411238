import type { Channel, Contact, ContactPatch } from '../../core';

/** A `contacts` row as better-sqlite3 returns it. */
export interface ContactRow {
  readonly id: string;
  readonly channel: string;
  readonly external_id: string;
  readonly profile: string;
  readonly attributes: string;
  readonly subscribed: number;
  readonly reachable: number;
  readonly last_inbound_at: number | null;
  readonly created_at: number;
  readonly page_id: string | null;
}

/** Inserts a new contact unless `(channel, external_id)` exists; positional params of {@link newContactParams}. */
export const insertContactSql = `INSERT INTO contacts
  (id, channel, external_id, profile, attributes, subscribed, reachable, last_inbound_at, created_at)
  VALUES (?, ?, ?, ?, '{}', 1, 1, NULL, ?)
  ON CONFLICT (channel, external_id) DO NOTHING`;

/**
 * Applies a {@link ContactPatch} in one statement: absent fields keep their value, attributes are an
 * RFC 7386 merge patch (`json_patch`), which is exactly "merge, `null` removes". Returns the new row.
 */
export const updateContactSql = `UPDATE contacts SET
  profile = COALESCE(@profile, profile),
  attributes = CASE WHEN @attributes IS NULL THEN attributes ELSE json_patch(attributes, @attributes) END,
  subscribed = COALESCE(@subscribed, subscribed),
  reachable = COALESCE(@reachable, reachable),
  last_inbound_at = COALESCE(@lastInboundAt, last_inbound_at),
  page_id = COALESCE(@pageId, page_id)
  WHERE id = @id
  RETURNING *`;

/** Named params of {@link updateContactSql}. */
export interface ContactPatchParams {
  readonly id: string;
  readonly profile: string | null;
  readonly attributes: string | null;
  readonly subscribed: number | null;
  readonly reachable: number | null;
  readonly lastInboundAt: number | null;
  readonly pageId: string | null;
}

const bit = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

/** True when applying `patch` would change nothing, so a turn can skip the contact write. */
export function isEmptyPatch(patch: ContactPatch): boolean {
  return (
    patch.profile === undefined &&
    (patch.attributes === undefined || Object.keys(patch.attributes).length === 0) &&
    patch.subscribed === undefined &&
    patch.reachable === undefined &&
    patch.lastInboundAt === undefined &&
    patch.pageId === undefined
  );
}

/** The params of {@link updateContactSql} for `patch` on contact `id`. */
export function contactPatchParams(id: string, patch: ContactPatch): ContactPatchParams {
  return {
    id,
    profile: patch.profile === undefined ? null : JSON.stringify(patch.profile),
    attributes: patch.attributes === undefined ? null : JSON.stringify(patch.attributes),
    subscribed: bit(patch.subscribed),
    reachable: bit(patch.reachable),
    lastInboundAt: patch.lastInboundAt ?? null,
    pageId: patch.pageId ?? null,
  };
}

/** The contact a row holds. Rows are ours, so JSON is parsed without re-validating. */
export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    channel: row.channel as Channel,
    externalId: row.external_id,
    profile: JSON.parse(row.profile) as Contact['profile'],
    attributes: JSON.parse(row.attributes) as Contact['attributes'],
    subscribed: row.subscribed === 1,
    reachable: row.reachable === 1,
    lastInboundAt: row.last_inbound_at,
    pageId: row.page_id,
    createdAt: row.created_at,
  };
}
