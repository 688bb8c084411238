export type { ChannelAdapter, MessagingType, SendFailure, SendRequest, SendResult } from './channel-adapter';
export { createInstagramAdapter, renderInstagram } from './instagram';
export type { InstagramAdapterDeps, InstagramRenderOptions } from './instagram';
export {
  classifyGraphError,
  createGraphClient,
  createLruCache,
  createMetaSignatureVerifier,
  createTokenBucket,
  META_SEND_LIMITS,
  metaSendMessageSchema,
  parseMetaWebhook,
  parseSignedRequest,
  verifyHandshake,
  verifyMetaSignature,
} from './meta';
export type {
  FetchLike,
  GraphClient,
  GraphClientOptions,
  HandshakeResult,
  LruCache,
  MetaAdapterDeps,
  MetaSignatureVerifier,
  MetaSendMessage,
  ParsedWebhook,
  ParseMetaWebhookOptions,
  SignedRequest,
  SkippedEvent,
  TokenBucket,
} from './meta';
export { createMessengerAdapter, renderMessenger } from './messenger';
export type { MessengerAdapterDeps } from './messenger';
export { chatRequestSchema, chatRequestToEvent } from './web';
export type { ChatRequest } from './web';
