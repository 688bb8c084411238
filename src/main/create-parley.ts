import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from '../api';
import type { BotReloader } from '../bot';
import { createBotReloader } from '../bot';
import type { ChannelAdapter } from '../channels';
import type { Config } from '../config';
import { ParleyError } from '../core';
import type { Channel, InboundEvent } from '../core';
import { createLinearEngine, createModelCache, createNlpjsEngine } from '../nlu';
import type { JobQueue } from '../queue';
import {
  createBroadcastHandler,
  createBullmqQueue,
  createInboundHandler,
  createInlineQueue,
  createOutboundDeadHandler,
  createOutboundHandler,
  inboundEventJob,
  inboundNoticeJob,
} from '../queue';
import type { ProcessDeps, ProcessResult } from '../runtime';
import { processEvent, recordNotice } from '../runtime';
import type { Store } from '../store';
import { createSqliteStore } from '../store';
import { createChannelAdapters } from './create-channel-adapters';
import { createContactEraser } from './create-contact-eraser';
import type { TrainingService } from '../training';
import { createTrainingService } from '../training';

/** A wired Parley: the store, the bot, the queue, the message pipeline and the HTTP app. */
export interface Parley {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly bot: BotReloader;
  readonly queue: JobQueue;
  readonly adapters: ReadonlyMap<Channel, ChannelAdapter>;
  /** Handles one inbound event synchronously (web channel, terminal chat). */
  readonly process: (event: InboundEvent) => Promise<ProcessResult>;
  readonly app: Express;
  /** The training inbox and its actions (edits INTENTS_DIR, then reloads the bot). */
  readonly training: TrainingService;
  /** Starts consuming the inbound and outbound queues in this process. */
  startWorkers(): Promise<void>;
  /** Stops the workers, watching and the store. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createParley}. */
export interface CreateParleyOptions {
  /**
   * An open store (see `createStore`), which the Parley owns from then on (`close()` closes it).
   * Default: the SQLite file `parley.db` in the data directory (only when MONGODB_URI is unset).
   */
  readonly store?: Store;
}

/**
 * The composition root: the only place that picks concrete adapters (SQLite store, in-process or BullMQ queue,
 * NLU engine, Meta senders, on-disk model cache) from the configuration and wires them. Loads nothing
 * yet: call `bot.reload()` (and `startWorkers()` to deliver Messenger/Instagram replies).
 */
export function createParley(config: Config, logger: Logger, options: CreateParleyOptions = {}): Parley {
  if (config.mongo !== null && options.store === undefined) {
    throw new ParleyError(
      'config.invalid',
      'MONGODB_URI is set: open the store with `await createStore(config, logger)` and pass it as `{ store }`',
    );
  }
  const store =
    options.store ??
    createSqliteStore({
      file: path.join(config.dataDir, 'parley.db'),
      logger,
      backgroundCheckpoints: true,
    });
  const queue = config.redis
    ? createBullmqQueue({ ...config.redis, logger })
    : createInlineQueue({ store, logger });
  const adapters = createChannelAdapters(config, logger);
  const engine = config.nlu.engine === 'linear' ? createLinearEngine() : createNlpjsEngine();
  const bot = createBotReloader({
    intentsDir: config.intentsDir,
    flowsDir: config.flowsDir,
    threshold: config.nlu.threshold,
    engine,
    cache: createModelCache({ dir: path.join(config.dataDir, 'models'), logger }),
    logger,
    now: Date.now,
  });
  const common: Omit<ProcessDeps, 'outboundStatus'> = {
    store,
    bot,
    now: Date.now,
    newId: randomUUID,
    random: Math.random,
    handoffMs: config.handoffMs,
    flowTtlMs: config.flowTtlMs,
    publicUrl: config.publicUrl,
    newToken: () => randomBytes(16).toString('base64url'),
  };
  const syncDeps: ProcessDeps = { ...common, outboundStatus: 'sent' };
  const process = (event: InboundEvent) => processEvent(event, syncDeps);
  const training = createTrainingService({
    store,
    bot,
    intentsDir: config.intentsDir,
    reload: async (reason) => {
      const loaded = await bot.reload(reason);
      return loaded.ok
        ? { ok: true, modelVersion: loaded.value.bot.matcher.version }
        : { ok: false, problems: loaded.error };
    },
    reviewBand: config.training.reviewBand,
    validateSampleRate: config.training.validateSampleRate,
    now: Date.now,
  });
  const meta = config.meta;
  const eraseContact = createContactEraser({ store, queue, logger });
  const app = createApp({
    eraseContact,
    training,
    store,
    bot,
    logger,
    apiKeys: config.apiKeys,
    readOnlyKeys: config.readOnlyApiKeys,
    publicChat: config.publicChat,
    protection: config.http,
    nluEngine: engine,
    currency: config.currency,
    process,
    queue,
    handoffMs: config.handoffMs,
    now: Date.now,
    newId: randomUUID,
    ...(meta.webhooks && meta.appSecret && meta.verifyToken
      ? {
          metaWebhook: {
            appSecret: meta.appSecret,
            verifyToken: meta.verifyToken,
            ...(meta.appId ? { appId: meta.appId } : {}),
            logger,
            enqueue: (batch) =>
              queue.add('inbound', [
                ...batch.inbound.map(inboundEventJob),
                ...batch.notices.map(inboundNoticeJob),
              ]),
          },
          dataDeletion: {
            store,
            eraseContact,
            appSecret: meta.appSecret,
            publicUrl: config.publicUrl,
            now: Date.now,
            logger,
          },
        }
      : {}),
  });
  let workers = false;
  let closed = false;
  return {
    config,
    logger,
    store,
    bot,
    queue,
    adapters,
    process,
    app,
    training,
    async startWorkers() {
      if (workers) return;
      workers = true;
      const delivery = { store, now: Date.now, newId: randomUUID, logger };
      const queuedDeps: ProcessDeps = { ...common, outboundStatus: 'pending' };
      await queue.process(
        'inbound',
        createInboundHandler({
          store,
          queue,
          adapters,
          logger,
          process: (event, call) => processEvent(event, queuedDeps, call),
          notice: (notice) =>
            recordNotice(notice, { store, now: Date.now, newId: randomUUID, handoffMs: config.handoffMs }),
        }),
        { concurrency: 8 },
      );
      await queue.process(
        'outbound',
        createOutboundHandler({
          ...delivery,
          adapters,
          humanAgentTag: meta.humanAgentTag,
          typing: meta.typing,
          ...(queue.outbox ? { outbox: queue.outbox } : {}),
        }),
        {
          concurrency: 16,
          retry: { attempts: 6, backoffMs: meta.retryBaseMs },
          onDead: createOutboundDeadHandler(delivery),
        },
      );
      await queue.process('broadcast', createBroadcastHandler({ ...common, queue, logger }), {
        concurrency: 2,
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.close();
      await bot.close();
      await store.close();
    },
  };
}
