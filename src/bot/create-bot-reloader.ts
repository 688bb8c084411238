import { watch as watchFiles } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { Logger, Result } from '../core';
import type { Bot, BotSource } from '../runtime';
import type { BotLoadOptions, BotProblem, LoadedBot } from './load-bot';
import { loadBot } from './load-bot';

/** Holds the bot that is serving and replaces it when its files change. */
export interface BotReloader extends BotSource {
  /**
   * Loads the bot now. On success the new bot replaces the old one atomically; on failure the problems
   * are logged (file, path, reason) and the last good bot keeps serving. Concurrent calls are serialised.
   */
  reload(reason?: string): Promise<Result<LoadedBot, readonly BotProblem[]>>;
  /** Watches the intents and flows directories and reloads (debounced) on any change. */
  watch(): Promise<void>;
  /** Stops watching; waits for a reload in progress. */
  close(): Promise<void>;
}

/** Options of {@link createBotReloader}. */
export interface BotReloaderOptions extends BotLoadOptions {
  /** Quiet time after the last change before reloading. */
  readonly debounceMs?: number;
  readonly logger: Logger;
  /** Called after every successful swap (metrics, tests). */
  readonly onSwap?: (bot: Bot) => void;
}

/** Creates a {@link BotReloader}; nothing is loaded until `reload()` is called. */
export function createBotReloader(options: BotReloaderOptions): BotReloader {
  const { logger } = options;
  let current: Bot | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;

  const loadOnce = async (reason: string): Promise<Result<LoadedBot, readonly BotProblem[]>> => {
    const started = Date.now();
    try {
      const result = await loadBot(options);
      if (!result.ok) {
        for (const problem of result.error) logger.error({ event: 'bot.reload.problem', ...problem });
        logger.error(
          {
            event: 'bot.reload.failed',
            reason,
            problems: result.error.length,
            serving: current?.version ?? null,
          },
          current ? 'Reload failed; the last good bot keeps serving' : 'The bot could not be loaded',
        );
        return result;
      }
      current = result.value.bot;
      logger.info(
        {
          event: 'bot.reload.ready',
          reason,
          version: current.version,
          intents: current.intents.size,
          fromCache: result.value.fromCache,
          trainMs: result.value.trainMs,
          ms: Date.now() - started,
        },
        result.value.fromCache ? 'Model loaded from cache; bot ready' : 'Model trained; bot ready',
      );
      options.onSwap?.(current);
      return result;
    } catch (cause) {
      logger.error(
        { event: 'bot.reload.crashed', reason, err: cause },
        'Reload crashed; the last good bot keeps serving',
      );
      throw cause;
    }
  };

  // Reloads run one after another, so a slow training can never overwrite a newer bot.
  const reload = (reason = 'manual'): Promise<Result<LoadedBot, readonly BotProblem[]>> => {
    const next = queue.then(() => loadOnce(reason));
    queue = next.catch(() => undefined);
    return next;
  };

  const schedule = (path: string) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      logger.info({ event: 'bot.reload.change', path }, 'Bot files changed; reloading');
      void reload('change').catch(() => undefined);
    }, options.debounceMs ?? 300);
  };

  return {
    current: () => current,
    reload,
    async watch() {
      if (watcher) return;
      watcher = watchFiles([options.intentsDir, options.flowsDir], {
        ignoreInitial: true,
        // Editors save through temp files; only settled JSON files matter.
        ignored: (p, stats) => stats?.isFile() === true && !p.endsWith('.json'),
        awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 25 },
      });
      watcher.on('all', (_event, path) => schedule(path));
      await new Promise<void>((resolve) => watcher?.once('ready', () => resolve()));
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await watcher?.close();
      watcher = null;
      await queue;
    },
  };
}
