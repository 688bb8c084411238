import type { Channel, Contact, InboundEvent, Logger } from '../../core';
import type { ChannelAdapter } from '../../channels';
import type { ProcessResult } from '../../runtime';
import type { Store } from '../../store';
import type { Job, JobHandler, JobQueue } from '../job-queue';
import type { InboundJob } from './queue-jobs';
import { inboundJobSchema, outboundJobFor } from './queue-jobs';

/** What the inbound worker needs. */
export interface InboundWorkerDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  /** The runtime's `processEvent`, bound with `outboundStatus: 'pending'`. */
  readonly process: (event: InboundEvent) => Promise<ProcessResult>;
  /** Records a platform notice (read, delivery, echo of a human reply…). */
  readonly notice: (job: Extract<InboundJob, { kind: 'notice' }>['notice']) => Promise<void>;
  readonly adapters: ReadonlyMap<Channel, ChannelAdapter>;
  readonly logger: Logger;
  /** Profile look-ups wait at most this long; the reply never waits longer. */
  readonly profileTimeoutMs?: number;
}

/**
 * Queues delivery of every pending outbound message of a contact (idempotent: job id = message id),
 * sent from `pageId` (the page or account the contact wrote to).
 */
export async function enqueuePendingOutbound(
  store: Store,
  queue: JobQueue,
  contact: Contact,
  pageId: string | null,
): Promise<number> {
  const rows = await store.pendingOutbound(contact.id);
  const jobs = rows.flatMap(
    (row) => outboundJobFor(row, contact, { pageId, proactive: false, list: null }) ?? [],
  );
  await queue.add('outbound', jobs);
  return jobs.length;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fetches the first name of a contact new to us; a failed or slow look-up never blocks the reply. */
async function ensureProfile(event: InboundEvent, deps: InboundWorkerDeps): Promise<void> {
  const adapter = deps.adapters.get(event.channel);
  if (!adapter) return;
  const key = { channel: event.channel, externalId: event.contactId };
  if (await deps.store.findContact(key)) return;
  const profile = await withTimeout(
    adapter.fetchProfile(event.contactId, event.pageId ?? null).catch(() => null),
    deps.profileTimeoutMs ?? 1500,
  );
  await deps.store.ensureContact(key, profile ?? {}, event.timestamp);
}

/**
 * Handles one inbound job: a user event goes through the runtime (one atomic turn), then its replies
 * are queued for delivery; a redelivered event (already processed) re-queues any reply still pending,
 * so a crash between the turn and the enqueue loses nothing. A notice is recorded.
 */
export function createInboundHandler(deps: InboundWorkerDeps): JobHandler<unknown> {
  return async (raw: Job<unknown>) => {
    const job = inboundJobSchema.parse(raw.data);
    if (job.kind === 'notice') return deps.notice(job.notice);
    const { event } = job;
    await ensureProfile(event, deps);
    const result = await deps.process(event);
    const contact =
      result.status === 'processed'
        ? result.contact
        : await deps.store.findContact({ channel: event.channel, externalId: event.contactId });
    if (contact) await enqueuePendingOutbound(deps.store, deps.queue, contact, event.pageId ?? null);
  };
}
