import type { ConversationState, FlowPosition } from '../../core';

/** A `conversations` row as better-sqlite3 returns it. */
export interface ConversationRow {
  readonly contact_id: string;
  readonly flow: string | null;
  readonly paused_until: number | null;
  readonly last_intent: string | null;
  readonly updated_at: number;
  readonly version: number;
}

/** Writes a conversation state whatever was there; positional params of {@link conversationParams}. */
export const upsertConversationSql = `INSERT INTO conversations
  (contact_id, flow, paused_until, last_intent, updated_at, version) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (contact_id) DO UPDATE SET
    flow = excluded.flow, paused_until = excluded.paused_until, last_intent = excluded.last_intent,
    updated_at = excluded.updated_at, version = excluded.version`;

/** The params of {@link upsertConversationSql}. */
export function conversationParams(state: ConversationState): unknown[] {
  return [
    state.contactId,
    state.flow === null ? null : JSON.stringify(state.flow),
    state.pausedUntil,
    state.lastIntent,
    state.updatedAt,
    state.version,
  ];
}

/** The state a row holds. */
export function toConversationState(row: ConversationRow): ConversationState {
  return {
    contactId: row.contact_id,
    flow: row.flow === null ? null : (JSON.parse(row.flow) as FlowPosition),
    pausedUntil: row.paused_until,
    lastIntent: row.last_intent,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
