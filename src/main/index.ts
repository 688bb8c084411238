export { createChannelAdapters } from './create-channel-adapters';
export { createLogger, REDACTED_PATHS } from './create-logger';
export { createParley } from './create-parley';
export type { Parley } from './create-parley';
export { startServer } from './start-server';
export type { RunningServer } from './start-server';
