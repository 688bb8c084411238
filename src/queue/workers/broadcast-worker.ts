import { z } from 'zod';
import type { Contact, Logger } from '../../core';
import type { Bot, BotSource, PrepareDeps } from '../../runtime';
import { completeEvent, prepareOutbound, startFlowTurn } from '../../runtime';
import type { Broadcast, SkipReason, Store } from '../../store';
import type { Job, JobHandler, JobQueue } from '../job-queue';
import { UnrecoverableJobError } from '../job-queue';
import { MESSAGING_WINDOW_MS } from './outbound-worker';
import { outboundJobFor } from './queue-jobs';

/** A broadcast job: run broadcast `broadcastId` (resuming after its cursor). */
export const broadcastJobSchema = z.strictObject({ broadcastId: z.string() });

/** What the broadcast worker needs. */
export interface BroadcastWorkerDeps extends PrepareDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly bot: BotSource;
  readonly now: () => number;
  readonly flowTtlMs: number;
  readonly logger: Logger;
  /** Contacts read per page (default 200). */
  readonly pageSize?: number;
}

/** Why a contact gets nothing from a broadcast, or null when it may be messaged now. */
export function skipReason(contact: Contact, now: number): SkipReason | null {
  if (contact.channel === 'web') return 'no_push_channel';
  if (!contact.subscribed) return 'unsubscribed';
  if (!contact.reachable) return 'unreachable';
  if (contact.lastInboundAt === null || now - contact.lastInboundAt > MESSAGING_WINDOW_MS)
    return 'outside_window';
  return null;
}

async function sendTo(
  contact: Contact,
  broadcast: Broadcast,
  list: string | null,
  bot: Bot,
  deps: BroadcastWorkerDeps,
) {
  const now = deps.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await deps.store.getConversation(contact.id, now);
    const { spec } = broadcast;
    const turn = spec.flow
      ? startFlowTurn(bot, contact, state, spec.flow, now, deps.flowTtlMs, `broadcast:${broadcast.id}`)
      : {
          state,
          contactPatch: {},
          events: [],
          outbound: spec.message
            ? [{ message: spec.message, flowId: null, stepId: null, variant: null }]
            : [],
        };
    if (!turn) throw new UnrecoverableJobError(`Flow ${spec.flow} does not exist`);
    const { rows, links } = prepareOutbound(turn.outbound, contact, bot, now, deps, 'pending');
    const result = await deps.store.commitTurn({
      contactId: contact.id,
      contactPatch: turn.contactPatch,
      conversation: turn.state,
      expectedVersion: state.version,
      messages: rows,
      events: turn.events.map((e) => completeEvent({ ...e, list: e.list ?? list }, contact, now, deps.newId)),
      links,
      broadcastId: broadcast.id,
    });
    if (!result.ok) continue;
    const jobs = rows.flatMap((row) => outboundJobFor(row, contact, { proactive: true, list }) ?? []);
    await deps.queue.add('outbound', jobs);
    return;
  }
}

/**
 * Runs a broadcast: walks its list (or filter) in contact-id order from its cursor; a contact who opted
 * out, is unreachable, is outside the 24-hour window or has no push channel is counted as skipped with
 * the reason; every other one gets the message (or the flow started) as one turn whose progress is
 * written with it — so an interrupted broadcast resumes without sending anyone anything twice. Messages
 * go out through the outbound queue (rate-limited per page) and carry the list (list volume).
 */
export function createBroadcastHandler(deps: BroadcastWorkerDeps): JobHandler<unknown> {
  const pageSize = deps.pageSize ?? 200;
  return async (raw: Job<unknown>) => {
    const { broadcastId } = broadcastJobSchema.parse(raw.data);
    const broadcast = await deps.store.getBroadcast(broadcastId);
    if (!broadcast || broadcast.status === 'done') return;
    const bot = deps.bot.current();
    if (!bot) throw new Error('The bot is not loaded yet');
    await deps.store.setBroadcastStatus(broadcastId, 'running', deps.now());
    const { listId, filter } = broadcast.spec;
    const list = listId ? ((await deps.store.getList(listId))?.name ?? listId) : null;
    let cursor = broadcast.cursor;
    for (;;) {
      const page = listId
        ? await deps.store.listMembers(listId, cursor, pageSize)
        : await deps.store.findContacts(filter ?? {}, cursor, pageSize);
      if (page.length === 0) break;
      for (const contact of page) {
        const reason = skipReason(contact, deps.now());
        if (reason) {
          await deps.store.recordBroadcastProgress(broadcastId, {
            targeted: 1,
            skipped: { [reason]: 1 },
            cursor: contact.id,
          });
        } else {
          await sendTo(contact, broadcast, list, bot, deps);
        }
        cursor = contact.id;
      }
    }
    await deps.store.setBroadcastStatus(broadcastId, 'done', deps.now());
    deps.logger.info({ event: 'broadcast.done', broadcastId });
  };
}
