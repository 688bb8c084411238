import { Command } from 'commander';
import { createLogger, ensureApiKeys, openParley, startServer } from '../main';
import { loadCliConfig } from './load-cli-config';

/** `parley serve`: the HTTP server (web chat, APIs) on the embedded defaults unless configured otherwise. */
export function createServeCommand(): Command {
  return new Command('serve')
    .description('start the HTTP server (web chat API, health) and watch intents/flows for changes')
    .option('-p, --port <port>', 'port to listen on (env PORT)')
    .option('--no-watch', 'do not reload when intents/flows change (env WATCH=false)')
    .option('--no-worker', 'only serve HTTP; separate `parley worker` processes deliver replies')
    .action(async (opts: { port?: string; watch: boolean; worker: boolean }) => {
      const keys = ensureApiKeys(
        loadCliConfig({ PORT: opts.port, ...(opts.watch ? {} : { WATCH: 'false' }) }),
      );
      const config = keys.config;
      if (keys.created) {
        console.log(
          `\nNo API_KEYS configured, so an admin API key was generated and stored in ${keys.file}:\n\n  ${keys.created}\n\n` +
            'Send it as "Authorization: Bearer <key>" to /v1, and use it to sign in to /dashboard.\n',
        );
      }
      const logger = createLogger(config);
      const parley = await openParley(config, logger);
      if (!opts.worker && parley.queue.kind === 'inline') {
        console.error(
          '--no-worker needs REDIS_URL: the embedded in-process queue only runs inside this process.',
        );
        await parley.close();
        process.exitCode = 2;
        return;
      }
      let running;
      try {
        running = await startServer(parley, { workers: opts.worker });
      } catch (error) {
        logger.fatal({ event: 'server.start_failed', err: error }, (error as Error).message);
        logger.flush();
        process.exitCode = 1;
        return;
      }
      const stop = (signal: string) => {
        logger.info({ event: 'server.signal', signal }, `Received ${signal}; shutting down`);
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
