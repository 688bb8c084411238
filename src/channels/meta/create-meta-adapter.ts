import type { Logger, OutboundMessage, Profile } from '../../core';
import { profileSchema, silentLogger } from '../../core';
import type { ChannelAdapter, SendFailure, SendResult } from '../channel-adapter';
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

/** How often a later part of a split message is retried in place before the send fails for good. */
export const PART_RETRIES = 3;

/** Backoff between in-place retries of a later part: the platform's hint, else 500 ms × 2^(n−1). */
const partRetryDelayMs = (retry: number, hintMs: number | undefined): number =>
  Math.min(hintMs ?? 500 * 2 ** (retry - 1), 10_000);

/** A failure worth retrying in place: retryable and certainly not delivered (a timeout may have been). */
const isRetryableHere = (result: SendResult): boolean =>
  !result.ok && result.error.retryable && result.error.code !== 'meta.timeout';

/**
 * The failure of part `index` (0-based) of `total` after the earlier parts were delivered: final
 * (`retryable: false`), so the message is recorded as failed instead of being sent again from its
 * first part; a user-unavailable failure still marks the contact unreachable.
 */
function partlySent(error: SendFailure, index: number, total: number): SendResult {
  return {
    ok: false,
    error: {
      ...error,
      code: error.userUnavailable || error.code === 'meta.timeout' ? error.code : 'meta.partially_sent',
      message: `${index} of ${total} parts delivered; part ${index + 1} failed (${error.code}): ${error.message}`,
      retryable: false,
    },
  };
}

/**
 * A {@link ChannelAdapter} over the Graph client: renders the message, sends every part in order
 * (rate-limited per page), returns the first part's message id, or the first failure. Once a part is
 * delivered the message is never sent again from the start: a later part's retryable failure is
 * retried in place ({@link PART_RETRIES} times), then returned as final (`meta.partially_sent`).
 * Typing indicators and profile lookups never throw.
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
        const sendPart = async (): Promise<SendResult> => {
          await throttle(request.pageId);
          return deps.graph.sendMessage({
            recipientId: request.recipientId,
            pageId: request.pageId,
            messagingType: request.messagingType,
            ...(request.tag !== undefined ? { tag: request.tag } : {}),
            message,
          });
        };
        let result = await sendPart();
        // Earlier parts are delivered, so the job must not be retried whole: retry this part here.
        for (let retry = 1; index > 0 && isRetryableHere(result) && retry <= PART_RETRIES; retry++) {
          await sleep(partRetryDelayMs(retry, result.ok ? undefined : result.error.retryAfterMs));
          result = await sendPart();
        }
        if (!result.ok) {
          if (index === 0) return result;
          const sent = { sent: index, parts: parts.length, code: result.error.code };
          logger.warn({ event: event('partial_send'), ...sent });
          return partlySent(result.error, index, parts.length);
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
