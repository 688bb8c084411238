import { Command } from 'commander';
import { createLogger, openParley } from '../main';
import { formatFileProblem } from '../core';
import { loadCliConfig } from './load-cli-config';

/**
 * `parley worker`: processes queued webhook events and delivers replies, without an HTTP server.
 * SIGTERM/SIGINT stop taking new jobs, let running ones finish, close connections and exit 0.
 */
export function createWorkerCommand(): Command {
  return new Command('worker')
    .description('process queued events and deliver replies (no HTTP server)')
    .action(async () => {
      const config = loadCliConfig();
      const logger = createLogger(config);
      const parley = await openParley(config, logger);
      if (parley.queue.kind === 'inline') {
        console.error(
          'parley worker needs REDIS_URL: with the embedded in-process queue, `parley serve` runs the workers itself.',
        );
        await parley.close();
        process.exitCode = 2;
        return;
      }
      const loaded = await parley.bot.reload('worker');
      if (!loaded.ok) {
        for (const p of loaded.error) logger.error({ event: 'worker.bot_problem' }, formatFileProblem(p));
        await parley.close();
        process.exitCode = 1;
        return;
      }
      if (config.watch) await parley.bot.watch();
      await parley.startWorkers();
      logger.info({ event: 'worker.started', queue: parley.queue.kind }, 'Parley worker started');
      const stop = (signal: string) => {
        logger.info({ event: 'worker.signal', signal }, `Received ${signal}; finishing running jobs`);
        void parley.close().then(() => {
          logger.info({ event: 'worker.stopped' }, 'Parley worker stopped');
          logger.flush();
          process.exit(0);
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
