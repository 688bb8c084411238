import type { Channel, Contact, InboundEvent, LoggedMessage, Logger } from '../../core';
import type { ChannelAdapter } from '../../channels';
import type { ProcessCall, ProcessResult } from '../../runtime';
import type { Store, StoredJob } from '../../store';
import type { Job, JobHandler, JobQueue } from '../job-queue';
import type { InboundJob } from './queue-jobs';
import { inboundJobSchema, outboundJobFor } from './queue-jobs';

/** What the inbound worker needs. */
export interface InboundWorkerDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  /** The runtime's `processEvent`, bound with `outboundStatus: 'pending'`. */
  readonly process: (event: InboundEvent, call?: ProcessCall) => Promise<ProcessResult>;
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
  const jobs = replyJobs(await store.pendingOutbound(contact.id), contact, pageId);
  await queue.add('outbound', jobs);
  return jobs.length;
}

const replyJobs = (rows: readonly LoggedMessage[], contact: Contact, pageId: string | null) =>
  rows.flatMap((row) => outboundJobFor(row, contact, { pageId, proactive: false, list: null }) ?? []);

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fetches the first name of a contact new to us; a failed or slow look-up never blocks the reply.
 * Returns the contact (found or created), or undefined on a channel without an adapter.
 */
async function ensureProfile(event: InboundEvent, deps: InboundWorkerDeps): Promise<Contact | undefined> {
  const adapter = deps.adapters.get(event.channel);
  if (!adapter) return undefined;
  const key = { channel: event.channel, externalId: event.contactId };
  const found = await deps.store.findContact(key);
  if (found) return found;
  const profile = await withTimeout(
    adapter.fetchProfile(event.contactId, event.pageId ?? null).catch(() => null),
    deps.profileTimeoutMs ?? 1500,
  );
  return deps.store.ensureContact(key, profile ?? {}, event.timestamp);
}

/**
 * Handles one inbound job: a user event goes through the runtime (one atomic turn), then its replies
 * are queued for delivery; a redelivered event (already processed) re-queues any reply still pending,
 * so a crash between the turn and the enqueue loses nothing. A notice is recorded.
 *
 * With a queue that offers an outbox (`JobQueue.outbox`, in-process), the reply jobs are written with
 * the turn, which also completes this job: one commit instead of three, nothing to re-queue after a
 * crash.
 */
export function createInboundHandler(deps: InboundWorkerDeps): JobHandler<unknown> {
  return async (raw: Job<unknown>) => {
    const job = inboundJobSchema.parse(raw.data);
    if (job.kind === 'notice') return deps.notice(job.notice);
    const { event } = job;
    const known = await ensureProfile(event, deps);
    const pageId = event.pageId ?? null;
    const { outbox } = deps.queue;
    let staged: StoredJob[] = [];
    const call: ProcessCall = {
      ...(known ? { contact: known } : {}),
      ...(outbox
        ? {
            outbox: (rows: readonly LoggedMessage[], contact: Contact) => {
              staged = outbox.stage('outbound', replyJobs(rows, contact, pageId));
              return { jobs: staged, completesJob: raw.id };
            },
          }
        : {}),
    };
    const result = await deps.process(event, call);
    if (result.status === 'processed' && outbox) return outbox.committed(staged, raw.id);
    const contact =
      result.status === 'processed'
        ? result.contact
        : await deps.store.findContact({ channel: event.channel, externalId: event.contactId });
    if (contact) await enqueuePendingOutbound(deps.store, deps.queue, contact, pageId);
  };
}
