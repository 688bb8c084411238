import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../core';
import type { JobQueue, QueueName } from '../../queue';
import { enqueuePendingOutbound } from '../../queue';
import { resumeBot, sendHumanReply } from '../../runtime';
import type { Store } from '../../store';

/** What the conversation routes need. */
export interface ConversationRouteDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly now: () => number;
  readonly newId: () => string;
  readonly handoffMs: number;
}

const replySchema = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  agent: z.string().trim().min(1).max(100),
});

/**
 * Human handover: `POST /v1/conversations/:contactId/messages` `{ text, agent }` sends a human reply
 * through the contact's channel and pauses the bot; `POST …/resume` hands back;
 * `GET …/messages` is the conversation's history. `GET /v1/queues/:queue/dead` lists dead letters.
 */
export function conversationRoutes(deps: ConversationRouteDeps): Router {
  const router = Router();
  const contactOr404 = async (id: string) => {
    const contact = await deps.store.getContact(id);
    if (!contact) throw new ParleyError('store.not_found', `No contact ${id}`);
    return contact;
  };
  router.post('/conversations/:contactId/messages', async (req, res) => {
    const contact = await contactOr404(req.params.contactId);
    const reply = replySchema.parse(req.body);
    const row = await sendHumanReply(contact, reply, deps);
    if (row.status === 'pending')
      await enqueuePendingOutbound(deps.store, deps.queue, contact, contact.pageId);
    res.status(202).json({ id: row.id, status: row.status });
  });
  router.post('/conversations/:contactId/resume', async (req, res) => {
    const contact = await contactOr404(req.params.contactId);
    await resumeBot(contact, deps);
    res.json({ resumed: true });
  });
  router.get('/conversations/:contactId/messages', async (req, res) => {
    const contact = await contactOr404(req.params.contactId);
    const { limit } = z
      .object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
      .parse(req.query);
    res.json({ messages: await deps.store.listMessages({ contactId: contact.id, limit }) });
  });
  router.get('/queues/:queue/dead', async (req, res) => {
    const queue = z
      .enum(['inbound', 'outbound', 'broadcast', 'maintenance'])
      .parse(req.params.queue) as QueueName;
    res.json({ jobs: await deps.queue.deadJobs(queue) });
  });
  return router;
}
