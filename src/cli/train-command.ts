import { Command } from 'commander';
import { createLogger, openParley } from '../main';
import { formatFileProblem } from '../core';
import { loadCliConfig } from './load-cli-config';

/** `parley train`: trains the model into the cache so the next start is instant. */
export function createTrainCommand(): Command {
  return new Command('train')
    .description('train the NLU model from intents/ into the model cache under DATA_DIR')
    .action(async () => {
      const config = loadCliConfig({ WATCH: 'false' });
      const parley = await openParley(config, createLogger({ logLevel: 'warn' }, 2));
      const result = await parley.bot.reload('train');
      await parley.close();
      if (!result.ok) {
        for (const p of result.error) console.error(formatFileProblem(p));
        process.exitCode = 1;
        return;
      }
      const { bot, fromCache, trainMs } = result.value;
      console.log(
        fromCache
          ? `model ${bot.version} is up to date (cache hit)`
          : `model ${bot.version} trained in ${trainMs} ms (${bot.intents.size} intents)`,
      );
    });
}
