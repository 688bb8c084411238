import express, { Router } from 'express';
import type { InboundEvent, Logger, PlatformNotice } from '../../core';
import { ParleyError } from '../../core';
import { parseMetaWebhook, verifyHandshake, verifyMetaSignature } from '../../channels';

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

/** Meta batches up to 1000 events; this leaves room without inviting abuse. */
export const META_WEBHOOK_BODY_LIMIT = '2mb';

/**
 * `GET /webhooks/meta`: the verification handshake (200 + challenge, else 403).
 * `POST /webhooks/meta`: raw body → constant-time `X-Hub-Signature-256` check (401, nothing stored) →
 * JSON + zod parse (400) → every entry and every event → durable enqueue → 200. No NLU and no Graph
 * call happen in the request: workers do that.
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
  router.post(
    '/webhooks/meta',
    express.raw({ type: () => true, limit: META_WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyMetaSignature(raw, req.get('x-hub-signature-256'), deps.appSecret)) {
        deps.logger.warn({ event: 'channel.meta.signature_invalid', bytes: raw.length });
        throw new ParleyError(
          'meta.signature_invalid',
          'The X-Hub-Signature-256 header does not match the body.',
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (cause) {
        throw new ParleyError('api.bad_request', 'The webhook body is not valid JSON.', { cause });
      }
      const parsed = parseMetaWebhook(body, deps.appId ? { appId: deps.appId } : {});
      if (!parsed.ok) throw parsed.error;
      const { inbound, notices, skipped } = parsed.value;
      for (const s of skipped) deps.logger.info({ event: 'channel.meta.event_skipped', ...s });
      await deps.enqueue({ inbound, notices });
      res.status(200).type('text').send('EVENT_RECEIVED');
    },
  );
  return router;
}
