import type { Channel, OutboundMessage, Profile } from '../core';

/** How Meta classifies a send (see ../shared/docs/meta-platform.md). */
export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';

/** One message to deliver to one contact. */
export interface SendRequest {
  /** The contact's id on the channel (PSID, IGSID). */
  readonly recipientId: string;
  /** The page / Instagram account to send from (selects the access token); null = the default token. */
  readonly pageId: string | null;
  readonly message: OutboundMessage;
  readonly messagingType: MessagingType;
  /** Only with `MESSAGE_TAG`: `HUMAN_AGENT` for human replies (when configured). */
  readonly tag?: 'HUMAN_AGENT';
}

/** Why a send failed, classified so the caller knows whether to retry and what to record. */
export interface SendFailure {
  /** Stable Parley code, e.g. `meta.rate_limited`, `meta.user_unavailable`, `meta.outside_window`. */
  readonly code: string;
  readonly message: string;
  /** Worth retrying later (rate limits, transient errors, 5xx, network). */
  readonly retryable: boolean;
  /** The platform says the user cannot be reached: mark the contact unreachable. */
  readonly userUnavailable: boolean;
  /** The platform's own codes, when it answered. */
  readonly platformCode?: number;
  readonly platformSubcode?: number;
  /** A hint from the platform or our classification. */
  readonly retryAfterMs?: number;
}

/** The outcome of a send: the platform's message id, or a classified failure. Never thrown. */
export type SendResult =
  | { readonly ok: true; readonly platformMessageId: string }
  | { readonly ok: false; readonly error: SendFailure };

/**
 * A channel that can deliver messages. Renders the channel-neutral {@link OutboundMessage} into the
 * platform's payload, degrading what it cannot show (buttons → quick replies → numbered text).
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /** Sends one message (rendering may split it into several platform calls; the first id is returned). */
  send(request: SendRequest): Promise<SendResult>;
  /** Shows a typing indicator (a separate request); failures are ignored. */
  sendTyping(recipientId: string, pageId: string | null): Promise<void>;
  /** The user's profile (first name…), or null when the lookup fails; never throws. */
  fetchProfile(externalId: string, pageId: string | null): Promise<Profile | null>;
}
