export { createBot } from './bot';
export type { Bot, BotSource } from './bot';
export { fallbackMessage } from './fallback';
export { handleEvent } from './handle-event';
export type { TurnDeps, TurnOutcome } from './handle-event';
export { intentPayload, parseIntentPayload } from './payloads';
export { processEvent } from './process-event';
export type { ProcessDeps, ProcessResult } from './process-event';
export { interpolate, pickAnswer, renderAnswer } from './render-answer';
