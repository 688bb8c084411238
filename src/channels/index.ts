export { chatRequestSchema, chatRequestToEvent } from './web';
export type { ChatRequest } from './web';
