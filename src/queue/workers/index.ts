export { createInboundHandler, enqueuePendingOutbound } from './inbound-worker';
export type { InboundWorkerDeps } from './inbound-worker';
export {
  createOutboundDeadHandler,
  createOutboundHandler,
  HUMAN_AGENT_WINDOW_MS,
  MESSAGING_WINDOW_MS,
  planSend,
  recordFailure,
} from './outbound-worker';
export type { OutboundWorkerDeps } from './outbound-worker';
export {
  contactOrderingKey,
  inboundEventJob,
  inboundJobSchema,
  inboundNoticeJob,
  outboundJobSchema,
} from './queue-jobs';
export type { InboundJob, OutboundJob } from './queue-jobs';
export { broadcastJobSchema, createBroadcastHandler, skipReason } from './broadcast-worker';
export type { BroadcastWorkerDeps } from './broadcast-worker';
