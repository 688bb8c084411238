import fs from 'node:fs';
import readline from 'node:readline';
import { Command } from 'commander';
import { createLogger, createStore } from '../main';
import { importStore } from '../store';
import { loadCliConfig } from './load-cli-config';

/**
 * `parley import <file>`: reads a `parley export` JSONL file (`-` = stdin) into the configured store
 * (the SQLite file, or MongoDB when MONGODB_URI is set). Every line is validated; records already
 * there are skipped, so an interrupted import can be re-run. KPI rollups are rebuilt from the events.
 */
export function createImportCommand(): Command {
  return new Command('import')
    .description('import a `parley export` JSONL file into the configured store')
    .argument('<file>', 'the export file, or - for stdin')
    .option('--batch <n>', 'records per transaction', '500')
    .action(async (file: string, opts: { batch: string }) => {
      const batchSize = Number(opts.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        console.error('--batch must be a positive integer');
        process.exitCode = 2;
        return;
      }
      const config = loadCliConfig();
      const logger = createLogger(config, 2);
      const input = file === '-' ? process.stdin : fs.createReadStream(file);
      const store = await createStore(config, logger);
      try {
        const lines = readline.createInterface({ input, crlfDelay: Infinity });
        const summary = await importStore(store, lines, { batchSize });
        console.error(
          `Imported into ${store.kind}: ${summary.added} new records, read ${JSON.stringify(summary.read)}`,
        );
      } finally {
        await store.close();
      }
    });
}
