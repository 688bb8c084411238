/**
 * Channel limits every outbound message must respect (the strictest of Messenger and Instagram,
 * see ../shared/docs/meta-platform.md). Flow validation, the message schema and channel renderers share them.
 */
export const MESSAGE_LIMITS = {
  textChars: 2000,
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  buttons: 3,
  buttonTitleChars: 20,
  buttonTextChars: 640,
  cards: 10,
  cardTitleChars: 80,
  cardSubtitleChars: 80,
  urlChars: 2000,
} as const;
