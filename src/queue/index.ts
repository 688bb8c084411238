export { createInlineQueue } from './inline';
export { bullJobId, createBullmqQueue, partitionOf } from './bullmq';
export type { BullmqQueueOptions } from './bullmq';
export type { InlineQueueDeps } from './inline';
export { backoffDelay, DEFAULT_RETRY, UnrecoverableJobError } from './job-queue';
export type {
  Job,
  JobHandler,
  JobOutbox,
  JobQueue,
  NewJob,
  ProcessOptions,
  QueueName,
  RetryPolicy,
} from './job-queue';
export {
  broadcastJobSchema,
  contactOrderingKey,
  createBroadcastHandler,
  createInboundHandler,
  createOutboundDeadHandler,
  createOutboundHandler,
  enqueuePendingOutbound,
  HUMAN_AGENT_WINDOW_MS,
  inboundEventJob,
  inboundJobSchema,
  inboundNoticeJob,
  MESSAGING_WINDOW_MS,
  outboundJobSchema,
  planSend,
  recordFailure,
  skipReason,
} from './workers';
export type {
  BroadcastWorkerDeps,
  InboundJob,
  InboundWorkerDeps,
  OutboundJob,
  OutboundWorkerDeps,
} from './workers';
