import { Router } from 'express';
import { chatRequestSchema, chatRequestToEvent } from '../../channels';
import type { InboundEvent } from '../../core';
import { ParleyError } from '../../core';
import type { ProcessResult } from '../../runtime';

/** What the web chat route needs. */
export interface ChatRouteDeps {
  /** Handles one inbound event synchronously (the runtime's `processEvent`, bound to its deps). */
  readonly process: (event: InboundEvent) => Promise<ProcessResult>;
  readonly now: () => number;
}

/**
 * `POST /v1/chat` — the web/REST channel: `{ contactId, text }` or `{ contactId, payload }` →
 * `{ messages, nlu }`, answered synchronously. A repeated `messageId` → 409, not processed twice.
 */
export function chatRoutes(deps: ChatRouteDeps): Router {
  const router = Router();
  router.post('/chat', async (req, res) => {
    const request = chatRequestSchema.parse(req.body);
    const result = await deps.process(chatRequestToEvent(request, deps.now()));
    if (result.status === 'duplicate') {
      throw new ParleyError('store.conflict', `Message ${result.messageId} was already processed.`, {
        details: { messageId: result.messageId },
      });
    }
    const nlu = result.nlu
      ? { intent: result.nlu.intent, score: result.nlu.score, matched: result.nlu.matched }
      : null;
    res.json({ messages: result.outbound, nlu });
  });
  return router;
}
