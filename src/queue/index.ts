export { createInlineQueue } from './inline';
export type { InlineQueueDeps } from './inline';
export { backoffDelay, DEFAULT_RETRY, UnrecoverableJobError } from './job-queue';
export type { Job, JobHandler, JobQueue, NewJob, ProcessOptions, QueueName, RetryPolicy } from './job-queue';
