import type { Channel, InboundAttachment, Referral } from '../../core';
import type { MetaReferral } from './meta-webhook-schema';

/** Where an event was found and what we know about our own app. */
export interface EventContext {
  readonly channel: Extract<Channel, 'messenger' | 'instagram'>;
  /** The entry's id: the page / Instagram account. */
  readonly entryId: string;
  /** Our Meta app id: echoes from another app are a human's messages. */
  readonly appId?: string;
}

/** The fields shared by every event of one messaging item, once normalised. */
export interface EventParty {
  readonly channel: 'messenger' | 'instagram';
  /** The user (never the page). */
  readonly contactId: string;
  readonly pageId: string;
  /** Epoch ms. */
  readonly timestamp: number;
}

/**
 * Epoch milliseconds from a Meta timestamp. Messaging timestamps are milliseconds; a few fields
 * (token expiry, some Instagram Login payloads) are seconds, recognisable because they are below 10^12.
 */
export function toMillis(timestamp: number): number {
  const ms = timestamp < 1e12 ? timestamp * 1000 : timestamp;
  return Math.trunc(ms);
}

/**
 * A deterministic id for an event that has no `mid` (a referral, an old postback, receipts, opt-ins):
 * the same webhook redelivered yields the same id, so dedupe works for these too.
 */
export function derivedId(
  kind: string,
  party: { readonly channel: string; readonly contactId: string; readonly timestamp: number },
): string {
  return `meta:${party.channel}:${kind}:${party.contactId}:${party.timestamp}`;
}

/** Meta's referral object → Parley's channel-neutral {@link Referral}. */
export function toReferral(r: MetaReferral): Referral {
  return {
    ...(r.ref ? { ref: r.ref.slice(0, 1000) } : {}),
    ...(r.source ? { source: r.source.slice(0, 64) } : {}),
    ...(r.ad_id ? { adId: r.ad_id.slice(0, 64) } : {}),
  };
}

const KINDS: Readonly<Record<string, InboundAttachment['kind']>> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'file',
  location: 'location',
  // Messenger's `fallback` is a shared link; Instagram shares posts as `share` (or `ig_post`).
  fallback: 'share',
  share: 'share',
  ig_post: 'share',
  story_mention: 'story_mention',
  ig_reel: 'reel',
  reel: 'reel',
};

/** Meta's attachment type → Parley's attachment kind (`other` for anything new). */
export function attachmentKind(type: string): InboundAttachment['kind'] {
  return KINDS[type] ?? 'other';
}
