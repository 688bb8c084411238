export { attributeValueSchema, attributesSchema } from './attributes';
export type { AttributeValue, Attributes } from './attributes';
export { channelSchema } from './channel';
export type { Channel } from './channel';
export { contactKey, contactSchema, contactPatchSchema, profileSchema } from './contact';
export type { Contact, ContactPatch, Profile } from './contact';
export { conversationStateSchema, flowPositionSchema, initialConversationState } from './conversation';
export type { ConversationState, FlowPosition } from './conversation';
export { ParleyError, isParleyError } from './errors';
export type { ErrorCode, ParleyErrorOptions } from './errors';
export { eventTypeSchema, loggedEventSchema } from './events';
export type { EventType, LoggedEvent, NewEvent } from './events';
export { MESSAGE_LIMITS } from './limits';
export {
  buttonSchema,
  cardSchema,
  inboundAttachmentSchema,
  inboundEventSchema,
  outboundMessageSchema,
  quickReplySchema,
  referralSchema,
  replyToSchema,
} from './message';
export type {
  Button,
  Card,
  InboundAttachment,
  InboundEvent,
  InboundEventType,
  OutboundMessage,
  QuickReply,
  Referral,
  ReplyTo,
} from './message';
export { loggedMessageSchema, messageStatusSchema, senderSchema } from './message-log';
export type { LoggedMessage } from './message-log';
export { intentScoreSchema, nluResultSchema } from './nlu-result';
export type { IntentScore, NluResult } from './nlu-result';
export { err, ok } from './result';
export type { Result } from './result';
export { trackedLinkSchema } from './tracked-link';
export type { TrackedLink } from './tracked-link';
export { silentLogger } from './logger';
export type { Logger } from './logger';
export { formatFileProblem } from './file-problem';
export type { FileProblem } from './file-problem';
export { platformNoticeSchema } from './platform-notice';
export type { PlatformNotice, PlatformNoticeType } from './platform-notice';
