import http from 'node:http';
import type { Server } from 'node:http';
import { createRequestListener } from '../api';
import type { Parley } from './create-parley';

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly server: Server;
  /** The port actually bound (useful with `PORT=0`). */
  readonly port: number;
  /** Stops accepting connections, waits for open requests, closes the bot and the store. */
  stop(): Promise<void>;
}

/**
 * Loads the bot (from the model cache when unchanged), starts watching its files when configured,
 * starts the queue workers in this process (unless `workers: false`), and listens. A bot that cannot be loaded at start-up is fatal: its problems are logged and this rejects.
 */
export async function startServer(
  parley: Parley,
  options: { workers?: boolean } = {},
): Promise<RunningServer> {
  const { config, logger } = parley;
  const loaded = await parley.bot.reload('startup');
  if (!loaded.ok) {
    await parley.close();
    throw new Error(`The bot could not be loaded: ${loaded.error.length} problem(s), see the log above.`);
  }
  if (config.watch) await parley.bot.watch();
  if (options.workers !== false) await parley.startWorkers();
  // Webhook events skip express's per-request set-up (see createRequestListener).
  const server = http.createServer(createRequestListener(parley.app));
  // Slow clients cannot hold sockets open: headers within 20 s, a whole request within 60 s.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { event: 'server.listening', host: config.host, port, store: parley.store.kind },
    `Parley listening on ${port}`,
  );
  let stopping: Promise<void> | null = null;
  return {
    server,
    port,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await parley.close();
        logger.info({ event: 'server.stopped' }, 'Parley stopped');
      })();
      return stopping;
    },
  };
}
