import { Router } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { BotSource } from '../../runtime';
import { requireApiKey } from '../middleware/require-api-key';

/** What `GET /metrics` needs. */
export interface MetricsRouteDeps {
  readonly bot: BotSource;
  readonly apiKeys: readonly string[];
  readonly readOnlyKeys?: readonly string[];
}

/**
 * `GET /metrics` in Prometheus' text format, behind an API key (read-only keys suffice): Node's
 * process metrics from prom-client (resident memory, heap, GC pauses, event-loop lag percentiles,
 * handles) and `parley_model_intents`. One registry per app, so several apps in a process (tests) do
 * not collide.
 */
export function metricsRoutes(deps: MetricsRouteDeps): Router {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'parley_model_intents',
    help: 'Intents in the loaded NLU model (0 while none is loaded).',
    registers: [registry],
    collect() {
      this.set(deps.bot.current()?.intents.size ?? 0);
    },
  });
  const router = Router();
  router.get(
    '/metrics',
    requireApiKey({ admin: deps.apiKeys, readOnly: deps.readOnlyKeys ?? [] }),
    async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  );
  return router;
}
