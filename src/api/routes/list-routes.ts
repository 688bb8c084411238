import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { attributeValueSchema, channelSchema, outboundMessageSchema, ParleyError } from '../../core';
import type { JobQueue } from '../../queue';
import type { ContactFilter, Store } from '../../store';

/** What the list and broadcast routes need. */
export interface ListRouteDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly now: () => number;
}

/** Selects contacts by channel, subscription and attribute values (all must match). */
export const contactFilterSchema = z.strictObject({
  channel: channelSchema.optional(),
  subscribed: z.boolean().optional(),
  attributes: z.record(z.string().regex(/^[A-Za-z_][\w.-]{0,63}$/), attributeValueSchema).optional(),
});

const membersSchema = z.union([
  z.strictObject({ contactIds: z.array(z.string().min(1).max(256)).min(1).max(10_000) }),
  z.strictObject({ filter: contactFilterSchema }),
]);

/** `POST /v1/broadcasts`: a list or a filter, a message or a flow, optionally later. */
export const broadcastRequestSchema = z
  .strictObject({
    list: z.string().min(1).max(200).optional(),
    filter: contactFilterSchema.optional(),
    message: outboundMessageSchema.optional(),
    flow: z.string().min(1).max(100).optional(),
    scheduleAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.list === undefined) !== (b.filter === undefined), 'give exactly one of list or filter')
  .refine((b) => (b.message === undefined) !== (b.flow === undefined), 'give exactly one of message or flow');

async function filteredIds(store: Store, filter: ContactFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await store.findContacts(filter, after, 1000);
    if (page.length === 0) return ids;
    ids.push(...page.map((c) => c.id));
    after = page[page.length - 1]!.id;
  }
}

/**
 * Lists (`POST/GET /v1/lists`, add/remove members by ids or by an attribute filter) and broadcasts
 * (`POST /v1/broadcasts` → 202 and a job; `GET /v1/broadcasts/:id` → progress and totals).
 */
export function listRoutes(deps: ListRouteDeps): Router {
  const router = Router();
  const listOr404 = async (idOrName: string) => {
    const list = await deps.store.getList(idOrName);
    if (!list) throw new ParleyError('store.not_found', `No list ${idOrName}`);
    return list;
  };
  router.post('/lists', async (req, res) => {
    const { name } = z.strictObject({ name: z.string().trim().min(1).max(100) }).parse(req.body);
    res.status(201).json(await deps.store.createList(randomUUID(), name, deps.now()));
  });
  router.get('/lists', async (_req, res) => {
    res.json({ lists: await deps.store.listLists() });
  });
  router.post('/lists/:id/contacts', async (req, res) => {
    const list = await listOr404(req.params.id);
    const body = membersSchema.parse(req.body);
    const ids = 'contactIds' in body ? body.contactIds : await filteredIds(deps.store, body.filter);
    const added = await deps.store.addToList(list.id, ids, deps.now());
    res.json({ added, size: (await listOr404(list.id)).size });
  });
  router.delete('/lists/:id/contacts', async (req, res) => {
    const list = await listOr404(req.params.id);
    const body = membersSchema.parse(req.body);
    const ids = 'contactIds' in body ? body.contactIds : await filteredIds(deps.store, body.filter);
    const removed = await deps.store.removeFromList(list.id, ids);
    res.json({ removed, size: (await listOr404(list.id)).size });
  });
  router.post('/broadcasts', async (req, res) => {
    const body = broadcastRequestSchema.parse(req.body);
    const list = body.list ? await listOr404(body.list) : null;
    const now = deps.now();
    const scheduleAt = body.scheduleAt ? Date.parse(body.scheduleAt) : now;
    const id = randomUUID();
    const broadcast = await deps.store.createBroadcast(
      id,
      {
        listId: list?.id ?? null,
        filter: body.filter ?? null,
        message: body.message ?? null,
        flow: body.flow ?? null,
        scheduleAt,
      },
      now,
    );
    await deps.queue.add('broadcast', [
      { jobId: `broadcast:${id}`, data: { broadcastId: id }, delayMs: Math.max(0, scheduleAt - now) },
    ]);
    res.status(202).json(broadcast);
  });
  router.get('/broadcasts/:id', async (req, res) => {
    const broadcast = await deps.store.getBroadcast(req.params.id);
    if (!broadcast) throw new ParleyError('store.not_found', `No broadcast ${req.params.id}`);
    res.json(broadcast);
  });
  return router;
}
