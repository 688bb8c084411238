import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from '../api';
import type { BotReloader } from '../bot';
import { createBotReloader } from '../bot';
import type { Config } from '../config';
import type { InboundEvent } from '../core';
import { createLinearEngine, createModelCache, createNlpjsEngine } from '../nlu';
import type { ProcessResult } from '../runtime';
import { processEvent } from '../runtime';
import type { Store } from '../store';
import { createSqliteStore } from '../store';

/** A wired Parley: the store, the bot, the message pipeline and the HTTP app. */
export interface Parley {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly bot: BotReloader;
  /** Handles one inbound event synchronously (web channel, terminal chat). */
  readonly process: (event: InboundEvent) => Promise<ProcessResult>;
  readonly app: Express;
  /** Stops watching, closes the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * The composition root: the only place that picks concrete adapters (SQLite store, NLP.js engine,
 * on-disk model cache) from the configuration and wires them. Loads nothing yet: call `bot.reload()`.
 */
export function createParley(config: Config, logger: Logger): Parley {
  const store = createSqliteStore({ file: path.join(config.dataDir, 'parley.db'), logger });
  const bot = createBotReloader({
    intentsDir: config.intentsDir,
    flowsDir: config.flowsDir,
    threshold: config.nlu.threshold,
    engine: config.nlu.engine === 'linear' ? createLinearEngine() : createNlpjsEngine(),
    cache: createModelCache({ dir: path.join(config.dataDir, 'models'), logger }),
    logger,
    now: Date.now,
  });
  const process = (event: InboundEvent) =>
    processEvent(event, {
      store,
      bot,
      now: Date.now,
      newId: randomUUID,
      random: Math.random,
      handoffMs: config.handoffMs,
      flowTtlMs: config.flowTtlMs,
      publicUrl: config.publicUrl,
      newToken: () => randomBytes(16).toString('base64url'),
      outboundStatus: 'sent',
    });
  const app = createApp({
    store,
    bot,
    logger,
    apiKeys: config.apiKeys,
    process,
    now: Date.now,
    newId: randomUUID,
  });
  let closed = false;
  return {
    config,
    logger,
    store,
    bot,
    process,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await bot.close();
      await store.close();
    },
  };
}
