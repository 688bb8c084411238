import { z } from 'zod';
import { channelSchema } from './channel';

/**
 * Everything that happened, as facts the KPIs are computed from (see ../shared/docs/kpis.md).
 * Names are stable; add, never rename.
 */
export const eventTypeSchema = z.enum([
  'message_received',
  'message_sent',
  'message_failed',
  'nlu_evaluated',
  'fallback_sent',
  'unsubscribed',
  'subscribed',
  'referral',
  'handoff',
  'flow_started',
  'step_reached',
  'attribute_captured',
  'validation_failed',
  'variant_assigned',
  'link_clicked',
  'goal_reached',
  'conversion',
  'flow_completed',
  'flow_abandoned',
  // A receipt, reaction, edit, deletion, opt-in or handover change from the platform (data.notice).
  'platform_notice',
]);
/** The kind of a logged event. */
export type EventType = z.infer<typeof eventTypeSchema>;

/**
 * A fact with its KPI dimensions as fields (channel, flow, step, intent, campaign, variant, list)
 * so rollups need no JSON digging; anything else goes in `data`.
 */
export const loggedEventSchema = z.strictObject({
  id: z.string(),
  type: eventTypeSchema,
  /** Epoch ms. */
  at: z.number(),
  contactId: z.string(),
  channel: channelSchema,
  flowId: z.string().nullable(),
  stepId: z.string().nullable(),
  intent: z.string().nullable(),
  campaign: z.string().nullable(),
  variant: z.string().nullable(),
  list: z.string().nullable(),
  /** Conversion value, NLU score, captured number… whatever the event type defines. */
  value: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
});
/** A logged event. */
export type LoggedEvent = z.infer<typeof loggedEventSchema>;

/** The parts of an event a producer supplies; ids, times and unset dimensions are filled in. */
export type NewEvent = Pick<LoggedEvent, 'type'> & Partial<Omit<LoggedEvent, 'type' | 'id'>>;
