import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../core';
import {
  campaignStats,
  conversionRequestSchema,
  rangeQuerySchema,
  recordConversion,
  resolveRange,
  spendRequestSchema,
} from '../../analytics';
import type { Store } from '../../store';

/** What the conversion and campaign routes need. */
export interface ConversionRouteDeps {
  readonly store: Store;
  /** The install's currency (ISO 4217): conversions and spend must use it. */
  readonly currency: string;
  readonly now: () => number;
  readonly newId: () => string;
}

/** The path parameter of `PUT /v1/campaigns/:id/spend`. */
export const campaignIdParamsSchema = z.object({ id: z.string().min(1).max(200) });
/** The query string of `GET /v1/campaigns` (default: all time, UTC). */
export const campaignsQuerySchema = rangeQuerySchema.partial({ from: true, to: true });

/**
 * `POST /v1/conversions` (201 recorded, 200 with `duplicate: true` for a reused idempotency key),
 * `PUT /v1/campaigns/:id/spend` and `GET /v1/campaigns`.
 */
export function conversionRoutes(deps: ConversionRouteDeps): Router {
  const router = Router();
  router.post('/conversions', async (req, res) => {
    const body = conversionRequestSchema.parse(req.body);
    const outcome = await recordConversion(body, deps);
    res.status(outcome.status === 'recorded' ? 201 : 200).json({
      duplicate: outcome.status === 'duplicate',
      event: outcome.event,
    });
  });
  router.put('/campaigns/:id/spend', async (req, res) => {
    const { id } = campaignIdParamsSchema.parse(req.params);
    const body = spendRequestSchema.parse(req.body);
    if (body.currency !== deps.currency) {
      throw new ParleyError('analytics.currency_mismatch', `This install counts in ${deps.currency}.`, {
        details: { expected: deps.currency, given: body.currency },
      });
    }
    const entry = { campaign: id, ...body };
    await deps.store.setSpend(entry, deps.now());
    res.json(entry);
  });
  router.get('/campaigns', async (req, res) => {
    const q = campaignsQuerySchema.parse(req.query);
    const range =
      q.from !== undefined && q.to !== undefined
        ? resolveRange({ from: q.from, to: q.to, tz: q.tz })
        : { from: 0, to: Math.ceil((deps.now() + 86_400_000) / 900_000) * 900_000 };
    res.json({ currency: deps.currency, campaigns: await campaignStats(deps.store, range, q.tz) });
  });
  return router;
}
