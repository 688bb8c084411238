import type { Channel, TrackedLink } from '../../core';

/** A `links` row as better-sqlite3 returns it. */
export interface LinkRow {
  readonly token: string;
  readonly url: string;
  readonly contact_id: string;
  readonly channel: string;
  readonly flow_id: string | null;
  readonly step_id: string | null;
  readonly variant: string | null;
  readonly campaign: string | null;
  readonly created_at: number;
}

/** Stores a tracked link; positional params of {@link linkParams}. */
export const insertLinkSql = `INSERT INTO links
  (token, url, contact_id, channel, flow_id, step_id, variant, campaign, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The params of {@link insertLinkSql}. */
export function linkParams(l: TrackedLink): unknown[] {
  return [l.token, l.url, l.contactId, l.channel, l.flowId, l.stepId, l.variant, l.campaign, l.createdAt];
}

/** The link a row holds. */
export function toTrackedLink(row: LinkRow): TrackedLink {
  return {
    token: row.token,
    url: row.url,
    contactId: row.contact_id,
    channel: row.channel as Channel,
    flowId: row.flow_id,
    stepId: row.step_id,
    variant: row.variant,
    campaign: row.campaign,
    createdAt: row.created_at,
  };
}
