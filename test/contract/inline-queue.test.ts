import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInlineQueue } from '../../src/queue';
import type { Store } from '../../src/store';
import { createSqliteStore } from '../../src/store';
import { describeJobQueueContract } from './job-queue-contract';

describeJobQueueContract('inline (SQLite-backed)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-inline-queue-'));
  const file = path.join(dir, 'queue.db');
  const stores: Store[] = [];
  const open = () => {
    const store = createSqliteStore({ file });
    stores.push(store);
    return createInlineQueue({ store });
  };
  return {
    queue: open(),
    reopen: async () => open(),
    cleanup: async () => {
      for (const s of stores) await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
