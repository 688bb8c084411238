import type { Channel, EventType, LoggedEvent } from '../../core';

/** An `events` row as better-sqlite3 returns it. */
export interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly at: number;
  readonly contact_id: string;
  readonly channel: string;
  readonly flow_id: string | null;
  readonly step_id: string | null;
  readonly intent: string | null;
  readonly campaign: string | null;
  readonly variant: string | null;
  readonly list: string | null;
  readonly value: number | null;
  readonly data: string;
}

/** Logs an event; positional params of {@link eventParams}. */
export const insertEventSql = `INSERT INTO events
  (id, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value, data)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The columns read back. */
export const eventColumns =
  'id, type, at, contact_id, channel, flow_id, step_id, intent, campaign, variant, list, value, data';

/** The params of {@link insertEventSql}. */
export function eventParams(e: LoggedEvent): unknown[] {
  return [
    e.id,
    e.type,
    e.at,
    e.contactId,
    e.channel,
    e.flowId,
    e.stepId,
    e.intent,
    e.campaign,
    e.variant,
    e.list,
    e.value,
    JSON.stringify(e.data),
  ];
}

/** The event a row holds. */
export function toLoggedEvent(row: EventRow): LoggedEvent {
  return {
    id: row.id,
    type: row.type as EventType,
    at: row.at,
    contactId: row.contact_id,
    channel: row.channel as Channel,
    flowId: row.flow_id,
    stepId: row.step_id,
    intent: row.intent,
    campaign: row.campaign,
    variant: row.variant,
    list: row.list,
    value: row.value,
    data: JSON.parse(row.data) as LoggedEvent['data'],
  };
}
