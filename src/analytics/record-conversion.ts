import { z } from 'zod';
import { ParleyError, channelSchema } from '../core';
import type { LoggedEvent } from '../core';
import type { Store } from '../store';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');

/** The body of `POST /v1/conversions`: who converted (a contact or a tracked link's token) and how much. */
export const conversionRequestSchema = z
  .strictObject({
    channel: channelSchema.optional().describe('The channel of `contactId` (default web).'),
    contactId: z
      .string()
      .trim()
      .min(1)
      .max(256)
      .optional()
      .describe('The id the channel knows the contact by.'),
    clickToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .optional()
      .describe('The token of a tracked link (/r/{token}).'),
    name: z.string().trim().min(1).max(100),
    value: z.number().finite().min(0).max(1e12).optional(),
    currency: currency.optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    idempotencyKey: z.string().min(1).max(200),
  })
  .refine((b) => (b.contactId === undefined) !== (b.clickToken === undefined), {
    message: 'Give exactly one of contactId and clickToken.',
  });
/** The body of `POST /v1/conversions`. */
export type ConversionRequest = z.infer<typeof conversionRequestSchema>;

/** What {@link recordConversion} needs. */
export interface ConversionDeps {
  readonly store: Store;
  readonly currency: string;
  readonly now: () => number;
  readonly newId: () => string;
}

/** The outcome: the event written, or the one written first under the same idempotency key. */
export type ConversionOutcome =
  | { readonly status: 'recorded'; readonly event: LoggedEvent }
  | { readonly status: 'duplicate'; readonly event: LoggedEvent };

/**
 * Logs a `conversion` for a contact (by channel + id) or a tracked link (the link's contact, flow,
 * step, variant and campaign). Its campaign becomes the contact's latest referral's, when there is one.
 * @throws ParleyError `analytics.currency_mismatch` for another currency than the install's;
 *   `analytics.unknown_contact` for an unknown contact or token.
 */
export async function recordConversion(
  body: ConversionRequest,
  deps: ConversionDeps,
): Promise<ConversionOutcome> {
  if (body.currency !== undefined && body.currency !== deps.currency) {
    throw new ParleyError('analytics.currency_mismatch', `This install counts in ${deps.currency}.`, {
      details: { expected: deps.currency, given: body.currency },
    });
  }
  const at = body.occurredAt === undefined ? deps.now() : Date.parse(body.occurredAt);
  const base = {
    id: deps.newId(),
    type: 'conversion' as const,
    at,
    intent: null,
    list: null,
    value: body.value ?? null,
  };
  const data = { name: body.name, currency: deps.currency, source: body.clickToken ? 'click' : 'contact' };
  let event: LoggedEvent;
  if (body.clickToken !== undefined) {
    const link = await deps.store.getLink(body.clickToken);
    if (!link) throw new ParleyError('analytics.unknown_contact', 'No tracked link has this token.');
    event = {
      ...base,
      contactId: link.contactId,
      channel: link.channel,
      flowId: link.flowId,
      stepId: link.stepId,
      campaign: link.campaign,
      variant: link.variant,
      data,
    };
  } else {
    const channel = body.channel ?? 'web';
    const contact = await deps.store.findContact({ channel, externalId: body.contactId ?? '' });
    if (!contact) {
      throw new ParleyError('analytics.unknown_contact', `No ${channel} contact ${body.contactId}.`, {
        details: { channel, contactId: body.contactId },
      });
    }
    event = {
      ...base,
      contactId: contact.id,
      channel,
      flowId: null,
      stepId: null,
      campaign: null,
      variant: null,
      data,
    };
  }
  const result = await deps.store.recordConversion(event, body.idempotencyKey);
  return result.ok
    ? { status: 'recorded', event: result.value }
    : { status: 'duplicate', event: result.error.event };
}

/** The body of `PUT /v1/campaigns/:id/spend`. */
export const spendRequestSchema = z.strictObject({
  date: z.iso.date(),
  amount: z.number().finite().min(0).max(1e12),
  currency,
});
/** The body of `PUT /v1/campaigns/:id/spend`. */
export type SpendRequest = z.infer<typeof spendRequestSchema>;
