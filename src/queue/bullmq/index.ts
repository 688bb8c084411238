export { createBullmqQueue } from './create-bullmq-queue';
export type { BullmqQueueOptions } from './create-bullmq-queue';
export { bullJobId, partitionOf } from './partition-of';
