import type { Channel, LoggedMessage } from '../../core';

/** A `messages` row as better-sqlite3 returns it. */
export interface MessageRow {
  readonly id: string;
  readonly contact_id: string;
  readonly channel: string;
  readonly direction: string;
  readonly sender: string;
  readonly kind: string;
  readonly platform_message_id: string | null;
  readonly text: string | null;
  readonly payload: string | null;
  readonly message: string | null;
  readonly nlu: string | null;
  readonly flow_id: string | null;
  readonly step_id: string | null;
  readonly status: string;
  readonly error: string | null;
  readonly at: number;
}

/**
 * Logs a message; a platform id already logged on the channel inserts nothing (`changes === 0`),
 * which is how a turn detects a duplicate without parsing constraint errors. The NLU outcome is
 * copied into columns so the inbox and KPIs can filter and index on it.
 */
export const insertMessageSql = `INSERT INTO messages
  (id, contact_id, channel, direction, sender, kind, platform_message_id, text, payload, message,
   nlu, intent, score, matched, model_version, flow_id, step_id, status, error, at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (channel, platform_message_id) WHERE platform_message_id IS NOT NULL DO NOTHING`;

/** The columns read back (the extracted NLU columns are derived, the JSON is the truth). */
export const messageColumns = `id, contact_id, channel, direction, sender, kind, platform_message_id, text, payload,
  message, nlu, flow_id, step_id, status, error, at`;

/** The positional params of {@link insertMessageSql}. */
export function messageParams(m: LoggedMessage): unknown[] {
  const nlu = m.nlu;
  return [
    m.id,
    m.contactId,
    m.channel,
    m.direction,
    m.sender,
    m.kind,
    m.platformMessageId,
    m.text,
    m.payload,
    m.message === null ? null : JSON.stringify(m.message),
    nlu === null ? null : JSON.stringify(nlu),
    nlu?.intent ?? null,
    nlu?.score ?? null,
    nlu === null ? null : nlu.matched ? 1 : 0,
    nlu?.modelVersion ?? null,
    m.flowId,
    m.stepId,
    m.status,
    m.error,
    m.at,
  ];
}

/** The message a row holds. Rows are ours, so JSON is parsed without re-validating. */
export function toLoggedMessage(row: MessageRow): LoggedMessage {
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel as Channel,
    direction: row.direction as LoggedMessage['direction'],
    sender: row.sender as LoggedMessage['sender'],
    kind: row.kind,
    platformMessageId: row.platform_message_id,
    text: row.text,
    payload: row.payload,
    message: row.message === null ? null : (JSON.parse(row.message) as LoggedMessage['message']),
    nlu: row.nlu === null ? null : (JSON.parse(row.nlu) as LoggedMessage['nlu']),
    flowId: row.flow_id,
    stepId: row.step_id,
    status: row.status as LoggedMessage['status'],
    error: row.error,
    at: row.at,
  };
}
