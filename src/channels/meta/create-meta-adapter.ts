import type { Logger, OutboundMessage, Profile } from '../../core';
import { profileSchema, silentLogger } from '../../core';
import type { ChannelAdapter, SendResult } from '../channel-adapter';
import type { GraphClient } from './graph-client';
import type { GraphProfile } from './graph-schemas';
import type { LruCache } from './lru-cache';
import { createLruCache } from './lru-cache';
import type { MetaSendMessage } from './send-message-schema';
import type { TokenBucket } from './token-bucket';

/** What both Meta adapters (Messenger, Instagram) share as dependencies. */
export interface MetaAdapterDeps {
  readonly graph: GraphClient;
  /**
   * Remembers failed profile lookups (as null) for `profileFailureTtlMs`, so a broken lookup is not
   * hammered (default: in-memory LRU, 10 000 entries). Profiles themselves are not kept in memory: the
   * worker looks a profile up only for a contact new to the store, and the contact row is the cache —
   * so deleting a contact leaves no copy of their name in any process.
   */
  readonly profileCache?: LruCache<Profile | null>;
  /** How long a failed profile lookup is remembered (default 60 000 ms) so a broken lookup is not hammered. */
  readonly profileFailureTtlMs?: number;
  /** Per-page rate limit applied before every Graph call (key: page id, or `default`). */
  readonly limiter?: TokenBucket;
  /** How to wait for the limiter (default: a timer); injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: Logger;
}

/** What makes a Meta adapter Messenger or Instagram. */
export interface MetaChannelSpec {
  readonly channel: 'messenger' | 'instagram';
  readonly render: (message: OutboundMessage) => MetaSendMessage[];
  readonly profileFields: readonly string[];
  readonly toProfile: (profile: GraphProfile) => Profile;
}

/**
 * A {@link ChannelAdapter} over the Graph client: renders the message, sends every part in order
 * (rate-limited per page), returns the first part's message id, or the first failure (a later part's
 * failure included: earlier parts were delivered). Typing indicators and profile lookups never throw.
 */
export function createMetaAdapter(spec: MetaChannelSpec, deps: MetaAdapterDeps): ChannelAdapter {
  const logger = deps.logger ?? silentLogger;
  const cache = deps.profileCache ?? createLruCache<Profile | null>({ maxEntries: 10_000, ttlMs: 60_000 });
  const failureTtl = deps.profileFailureTtlMs ?? 60_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const event = (name: string): string => `channel.${spec.channel}.${name}`;

  async function throttle(pageId: string | null): Promise<void> {
    if (!deps.limiter) return;
    const key = pageId ?? 'default';
    for (let wait = deps.limiter.take(key); wait > 0; wait = deps.limiter.take(key)) await sleep(wait);
  }

  return {
    channel: spec.channel,
    async send(request): Promise<SendResult> {
      const parts = spec.render(request.message);
      let firstId: string | null = null;
      for (const [index, message] of parts.entries()) {
        await throttle(request.pageId);
        const result = await deps.graph.sendMessage({
          recipientId: request.recipientId,
          pageId: request.pageId,
          messagingType: request.messagingType,
          ...(request.tag !== undefined ? { tag: request.tag } : {}),
          message,
        });
        if (!result.ok) {
          if (index > 0)
            logger.warn({
              event: event('partial_send'),
              sent: index,
              parts: parts.length,
              code: result.error.code,
            });
          return result;
        }
        firstId ??= result.platformMessageId;
      }
      if (firstId === null) {
        return {
          ok: false,
          error: {
            code: 'meta.bad_request',
            message: 'Nothing to send',
            retryable: false,
            userUnavailable: false,
          },
        };
      }
      return { ok: true, platformMessageId: firstId };
    },
    async sendTyping(recipientId, pageId) {
      try {
        await throttle(pageId);
        const result = await deps.graph.senderAction({ recipientId, pageId, action: 'typing_on' });
        if (!result.ok) logger.debug({ event: event('typing_failed'), code: result.error.code });
      } catch (cause) {
        logger.debug({ event: event('typing_failed'), error: String(cause) });
      }
    },
    async fetchProfile(externalId, pageId) {
      const key = `${pageId ?? ''}:${externalId}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      try {
        await throttle(pageId);
        const result = await deps.graph.getProfile({
          userId: externalId,
          pageId,
          fields: spec.profileFields,
        });
        if (!result.ok) {
          logger.debug({ event: event('profile_failed'), code: result.error.code });
          cache.set(key, null, failureTtl);
          return null;
        }
        const profile = profileSchema.safeParse(spec.toProfile(result.value));
        if (!profile.success) cache.set(key, null, failureTtl);
        return profile.success ? profile.data : null;
      } catch (cause) {
        logger.debug({ event: event('profile_failed'), error: String(cause) });
        return null;
      }
    },
  };
}
