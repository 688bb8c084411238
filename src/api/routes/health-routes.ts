import { Router } from 'express';
import type { BotSource } from '../../runtime';
import type { Store } from '../../store';

/**
 * `GET /healthz`: the process is up. `GET /readyz`: a model is loaded and the store answers — 200 with
 * the model version, else 503 naming what is missing.
 */
export function healthRoutes(deps: { store: Store; bot: BotSource }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const bot = deps.bot.current();
    const storeOk = await deps.store.ping().then(
      () => true,
      () => false,
    );
    const ready = bot !== null && storeOk;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      model: bot ? { version: bot.version, intents: bot.intents.size, loadedAt: bot.loadedAt } : null,
      store: { kind: deps.store.kind, reachable: storeOk },
    });
  });
  return router;
}
