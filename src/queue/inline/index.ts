export { createInlineQueue } from './create-inline-queue';
export type { InlineQueueDeps } from './create-inline-queue';
