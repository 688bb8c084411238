export { createChannelAdapters } from './create-channel-adapters';
export { createLogger, REDACTED_PATHS } from './create-logger';
export { createParley } from './create-parley';
export type { CreateParleyOptions, Parley } from './create-parley';
export { createStore } from './create-store';
export { startServer } from './start-server';
export type { RunningServer } from './start-server';
export { ensureApiKeys, GENERATED_KEY_FILE } from './ensure-api-keys';
export { openParley } from './open-parley';
