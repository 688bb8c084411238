export { chatRequestSchema, chatRequestToEvent } from './chat-request';
export type { ChatRequest } from './chat-request';
