import { Router } from 'express';
import { z } from 'zod';
import { flowFunnel, flowVariants, rangeQuerySchema, resolveRange } from '../../analytics';
import type { BotSource } from '../../runtime';
import type { Store } from '../../store';

/** What the flow analytics routes need. */
export interface FlowAnalyticsRouteDeps {
  readonly store: Store;
  readonly bot: BotSource;
}

/** The path parameter of the flow analytics routes. */
export const flowIdParamsSchema = z.object({ id: z.string().min(1).max(200) });

/**
 * `GET /v1/flows/:id/funnel` (users per step in the flow's step order, drop-offs, completions, goals,
 * drop-offs after a message the bot did not understand) and `GET /v1/flows/:id/variants`.
 */
export function flowAnalyticsRoutes(deps: FlowAnalyticsRouteDeps): Router {
  const router = Router();
  router.get('/flows/:id/funnel', async (req, res) => {
    const { id } = flowIdParamsSchema.parse(req.params);
    const range = resolveRange(rangeQuerySchema.parse(req.query));
    const definition = deps.bot.current()?.flows.flows.get(id)?.definition;
    const order = definition?.steps.map((s) => s.id) ?? [];
    res.json(await flowFunnel(deps.store, id, range, order));
  });
  router.get('/flows/:id/variants', async (req, res) => {
    const { id } = flowIdParamsSchema.parse(req.params);
    const range = resolveRange(rangeQuerySchema.parse(req.query));
    res.json({ flow: id, variants: await flowVariants(deps.store, id, range) });
  });
  return router;
}
