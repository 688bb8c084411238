export { createMetaSignatureVerifier, verifyMetaSignature } from './verify-signature';
export type { MetaSignatureVerifier } from './verify-signature';
export { verifyHandshake } from './verify-handshake';
export type { HandshakeResult } from './verify-handshake';
export { parseMetaWebhook } from './parse-meta-webhook';
export type { ParsedWebhook, ParseMetaWebhookOptions, SkippedEvent } from './parse-meta-webhook';
export { metaWebhookEnvelopeSchema } from './meta-webhook-schema';
export { parseSignedRequest } from './parse-signed-request';
export type { SignedRequest } from './parse-signed-request';
export { createGraphClient } from './graph-client';
export type {
  FetchLike,
  GraphClient,
  GraphClientOptions,
  GraphProfileRequest,
  GraphSendRequest,
  GraphSenderActionRequest,
} from './graph-client';
export { classifyGraphError } from './classify-graph-error';
export type { GraphErrorInput } from './classify-graph-error';
export { graphProfileSchema } from './graph-schemas';
export type { GraphProfile } from './graph-schemas';
export { createTokenBucket } from './token-bucket';
export type { TokenBucket, TokenBucketOptions } from './token-bucket';
export { createLruCache } from './lru-cache';
export type { LruCache, LruCacheOptions } from './lru-cache';
export { META_SEND_LIMITS, metaSendMessageSchema } from './send-message-schema';
export type { MetaButton, MetaElement, MetaQuickReply, MetaSendMessage } from './send-message-schema';
export { splitText, truncateText } from './text-limits';
export type { TextLimit } from './text-limits';
export {
  renderButton,
  renderButtonsMessage,
  renderButtonTemplate,
  renderElement,
  renderGenericTemplate,
  renderMedia,
  renderQuickReplies,
  withQuickReplies,
} from './render-meta-parts';
export { degradeToText } from './degrade-to-text';
export type { DegradedMessage } from './degrade-to-text';
export { PART_RETRIES, createMetaAdapter } from './create-meta-adapter';
export type { MetaAdapterDeps, MetaChannelSpec } from './create-meta-adapter';
