import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { createLogger, createStore } from '../main';
import { exportStore } from '../store';
import { loadCliConfig } from './load-cli-config';

/**
 * `parley export [--out file]`: writes the configured store (the SQLite file, or MongoDB when
 * MONGODB_URI is set) as JSONL — contacts, conversations, messages, events, links, conversion keys,
 * lists, members, spend — to a file or stdout. Logs go to stderr so stdout stays clean.
 */
export function createExportCommand(): Command {
  return new Command('export')
    .description(
      'export contacts, messages, events, lists and spend as JSONL (to move between SQLite and MongoDB)',
    )
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const config = loadCliConfig();
      const logger = createLogger(config, 2);
      const store = await createStore(config, logger);
      const out = opts.out === undefined ? process.stdout : fs.createWriteStream(opts.out);
      try {
        const counts = await exportStore(store, out);
        if (out !== process.stdout) {
          out.end();
          await finished(out);
        }
        console.error(`Exported from ${store.kind}: ${JSON.stringify(counts)}`);
      } finally {
        await store.close();
      }
    });
}
