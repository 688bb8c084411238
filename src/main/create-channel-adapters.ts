import type { ChannelAdapter } from '../channels';
import {
  createGraphClient,
  createInstagramAdapter,
  createMessengerAdapter,
  createTokenBucket,
} from '../channels';
import type { Config } from '../config';
import type { Channel, Logger } from '../core';

/**
 * The senders for Messenger and Instagram, when a page token is configured (one Graph client and one
 * per-page rate limiter shared by both). The web channel needs none: its replies are in the HTTP answer.
 */
export function createChannelAdapters(config: Config, logger: Logger): Map<Channel, ChannelAdapter> {
  const adapters = new Map<Channel, ChannelAdapter>();
  const { meta } = config;
  if (meta.defaultToken === null && Object.keys(meta.pageTokens).length === 0) return adapters;
  const graph = createGraphClient({
    graphUrl: meta.graphUrl,
    graphVersion: meta.graphVersion,
    tokenFor: (pageId) => (pageId !== null ? meta.pageTokens[pageId] : undefined) ?? meta.defaultToken,
    logger,
  });
  const limiter = createTokenBucket({ ratePerSecond: meta.sendRatePerSecond, burst: meta.sendRatePerSecond });
  adapters.set('messenger', createMessengerAdapter({ graph, limiter, logger }));
  adapters.set('instagram', createInstagramAdapter({ graph, limiter, logger }));
  return adapters;
}
