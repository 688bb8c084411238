import { Router } from 'express';
import type { InboundEvent, Logger, PlatformNotice } from '../../core';
import { verifyHandshake } from '../../channels';

/** What the Meta webhook needs. */
export interface MetaWebhookDeps {
  readonly appSecret: string;
  readonly verifyToken: string;
  /** Our app id: echoes from another app are a human's replies. */
  readonly appId?: string;
  /** Durably enqueues a parsed batch (in order); resolves only once nothing can be lost. */
  readonly enqueue: (batch: {
    inbound: readonly InboundEvent[];
    notices: readonly PlatformNotice[];
  }) => Promise<void>;
  readonly logger: Logger;
}

/**
 * `GET /webhooks/meta`: the verification handshake (200 + challenge, else 403). The events themselves
 * (`POST /webhooks/meta`) are served by `createMetaWebhookHandler`, ahead of the express middleware.
 */
export function metaWebhookRoutes(deps: MetaWebhookDeps): Router {
  const router = Router();
  router.get('/webhooks/meta', (req, res) => {
    const result = verifyHandshake(req.query as Record<string, unknown>, deps.verifyToken);
    if (!result.ok) {
      deps.logger.warn({ event: 'channel.meta.handshake_refused' });
      res.status(403).type('text').send('Forbidden');
      return;
    }
    res.status(200).type('text').send(result.challenge);
  });
  return router;
}
