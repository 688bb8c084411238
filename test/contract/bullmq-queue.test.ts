import IORedis from 'ioredis';
import { createBullmqQueue } from '../../src/queue';
import { describeWithRedis, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { describeJobQueueContract } from './job-queue-contract';

describeWithRedis('BullMQ on Redis', () => {
  describeJobQueueContract('bullmq', async () => {
    const prefix = uniquePrefix('contract');
    const open = () => createBullmqQueue({ url: TEST_REDIS_URL, prefix, partitions: 4 });
    return {
      queue: open(),
      reopen: async () => open(),
      cleanup: async () => {
        // Remove every key this test created.
        const redis = new IORedis(TEST_REDIS_URL);
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
        await redis.quit();
      },
    };
  });
});
