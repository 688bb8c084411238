import type { Channel, Contact, LoggedEvent, Logger } from '../../core';
import type { ChannelAdapter, MessagingType, SendFailure, SendRequest } from '../../channels';
import { completeEvent } from '../../runtime';
import type { Store } from '../../store';
import type { Job, JobHandler, JobOutbox } from '../job-queue';
import type { OutboundJob } from './queue-jobs';
import { outboundJobSchema } from './queue-jobs';

/** Meta's standard messaging window after the user's last message. */
export const MESSAGING_WINDOW_MS = 24 * 3_600_000;
/** How long after the last user message the HUMAN_AGENT tag may be used. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3_600_000;

/** What the outbound worker needs. */
export interface OutboundWorkerDeps {
  readonly store: Store;
  readonly adapters: ReadonlyMap<Channel, ChannelAdapter>;
  readonly now: () => number;
  readonly newId: () => string;
  readonly logger: Logger;
  /** Use the HUMAN_AGENT tag for human replies outside 24 h (needs Meta's approval). */
  readonly humanAgentTag: boolean;
  /** Show a typing indicator before each reply. */
  readonly typing: boolean;
  /**
   * The queue's outbox when its jobs are rows of the store (in-process queue): the outcome of a send
   * then completes its job in the same write.
   */
  readonly outbox?: JobOutbox;
}

/** Why a message is not sent at all (refused before any API call). */
type Refusal = { readonly code: string; readonly message: string };

/** The messaging type of a send, or why it may not be sent (24-hour window, opt-out, unreachable). */
export function planSend(
  job: OutboundJob,
  contact: Contact,
  now: number,
  humanAgentTag: boolean,
): { ok: true; messagingType: MessagingType; tag?: 'HUMAN_AGENT' } | { ok: false; refusal: Refusal } {
  if (!contact.reachable)
    return {
      ok: false,
      refusal: { code: 'contact.unreachable', message: 'The platform said this user cannot be reached' },
    };
  if (job.proactive && !contact.subscribed) {
    return {
      ok: false,
      refusal: { code: 'contact.unsubscribed', message: 'The contact opted out of marketing messages' },
    };
  }
  const since = contact.lastInboundAt === null ? Infinity : now - contact.lastInboundAt;
  if (since <= MESSAGING_WINDOW_MS) return { ok: true, messagingType: job.proactive ? 'UPDATE' : 'RESPONSE' };
  if (job.human && humanAgentTag && since <= HUMAN_AGENT_WINDOW_MS) {
    return { ok: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  }
  return {
    ok: false,
    refusal: {
      code: 'meta.outside_window',
      message: 'More than 24 hours since the contact last wrote; not sent',
    },
  };
}

function deliveryEvent(
  type: 'message_sent' | 'message_failed',
  job: OutboundJob,
  at: number,
  newId: () => string,
  data: Record<string, unknown>,
): LoggedEvent {
  const recipient = { id: job.contactId, channel: job.channel };
  return completeEvent(
    { type, list: job.list, data: { messageId: job.messageId, ...data } },
    recipient,
    at,
    newId,
  );
}

/** Records a failed delivery (counted as `outbound_failed`, never as outbound volume). */
export async function recordFailure(
  deps: Pick<OutboundWorkerDeps, 'store' | 'now' | 'newId' | 'logger'>,
  job: OutboundJob,
  code: string,
  message: string,
  contactPatch?: { reachable: false },
  completesJob?: string,
): Promise<void> {
  const at = deps.now();
  await deps.store.recordDelivery({
    messageId: job.messageId,
    status: 'failed',
    error: `${code}: ${message}`,
    events: [deliveryEvent('message_failed', job, at, deps.newId, { code, reason: message })],
    ...(contactPatch ? { contactPatch } : {}),
    ...(completesJob !== undefined ? { completesJob } : {}),
  });
  deps.logger.warn({ event: 'outbound.failed', channel: job.channel, messageId: job.messageId, code });
}

/** Records the outcome of one outbound job (see {@link createOutcomeRecorder}). */
interface OutcomeRecorder {
  sent(platformMessageId: string): Promise<void>;
  failed(code: string, message: string, contactPatch?: { reachable: false }): Promise<void>;
}

/**
 * Records outcomes of the job `jobId`; with the queue's outbox, the outcome's write also completes
 * the job (one commit instead of two) and the queue is told so.
 */
function createOutcomeRecorder(deps: OutboundWorkerDeps, job: OutboundJob, jobId: string): OutcomeRecorder {
  const completing = deps.outbox ? jobId : undefined;
  const settled = () => {
    if (completing !== undefined) deps.outbox?.committed([], completing);
  };
  return {
    async sent(platformMessageId) {
      await deps.store.recordDelivery({
        messageId: job.messageId,
        status: 'sent',
        platformMessageId,
        events: [deliveryEvent('message_sent', job, deps.now(), deps.newId, { platformMessageId })],
        ...(completing !== undefined ? { completesJob: completing } : {}),
      });
      settled();
    },
    async failed(code, message, contactPatch) {
      await recordFailure(deps, job, code, message, contactPatch, completing);
      settled();
    },
  };
}

/** Settles a failed send: recorded when retrying cannot help or could send twice, else thrown (retried). */
async function settleSendFailure(
  deps: OutboundWorkerDeps,
  job: OutboundJob,
  error: SendFailure,
  record: OutcomeRecorder,
): Promise<void> {
  if (error.userUnavailable) return record.failed(error.code, error.message, { reachable: false });
  if (!error.retryable) return record.failed(error.code, error.message);
  if (error.code === 'meta.timeout') {
    // The request left; the platform may have delivered it. Retrying could send it twice.
    return record.failed('outbound.delivery_unknown', `no answer in time (${error.message})`);
  }
  // Certainly not delivered: back to pending, and the queue retries with backoff.
  await deps.store.releaseDelivery(job.messageId);
  throw new Error(`${error.code}: ${error.message}`);
}

/**
 * Delivers one logged outbound message at most once: it is claimed first (a repeated job finds it
 * done; a message whose earlier sender died mid-send is recorded as failed rather than risked
 * twice), refuses sends the platform would reject (24-hour window, opt-out, unreachable) before any
 * API call, sends (the adapter applies the page's rate limit), and records the outcome. A retryable
 * platform error throws, so the queue retries with backoff; the last failure is recorded by
 * {@link createOutboundDeadHandler}.
 */
export function createOutboundHandler(deps: OutboundWorkerDeps): JobHandler<unknown> {
  return async (raw: Job<unknown>) => {
    const job = outboundJobSchema.parse(raw.data);
    const record = createOutcomeRecorder(deps, job, raw.id);
    const claim = await deps.store.claimDelivery(job.messageId);
    if (claim === 'done') return;
    if (claim === 'in_doubt') {
      // An earlier sender died between claiming and recording: the platform may have the message.
      // Sending again could deliver it twice; record it instead (at most once).
      return record.failed('outbound.delivery_unknown', 'a sender stopped mid-send; not sent again');
    }
    const contact = await deps.store.getContact(job.contactId);
    const adapter = deps.adapters.get(job.channel);
    if (!contact || !adapter) {
      return record.failed(
        'channel.unavailable',
        contact ? `No sender for ${job.channel}` : 'Contact deleted',
      );
    }
    const plan = planSend(job, contact, deps.now(), deps.humanAgentTag);
    if (!plan.ok) return record.failed(plan.refusal.code, plan.refusal.message);
    const request: SendRequest = {
      recipientId: contact.externalId,
      pageId: job.pageId,
      message: job.message,
      messagingType: plan.messagingType,
      ...(plan.tag ? { tag: plan.tag } : {}),
    };
    if (deps.typing) void adapter.sendTyping(contact.externalId, job.pageId).catch(() => undefined);
    const result = await adapter.send(request);
    if (result.ok) return record.sent(result.platformMessageId);
    return settleSendFailure(deps, job, result.error, record);
  };
}

/** Records a message as failed once its job has used every attempt. */
export function createOutboundDeadHandler(
  deps: Pick<OutboundWorkerDeps, 'store' | 'now' | 'newId' | 'logger'>,
): (job: Job<unknown>, error: unknown) => void {
  return (raw, error) => {
    const parsed = outboundJobSchema.safeParse(raw.data);
    if (!parsed.success) return;
    const message = error instanceof Error ? error.message : String(error);
    void recordFailure(
      deps,
      parsed.data,
      'outbound.retries_exhausted',
      `gave up after ${raw.attempt} attempts: ${message}`,
    ).catch((e: unknown) => deps.logger.error({ event: 'outbound.record_failed', err: e }));
  };
}
