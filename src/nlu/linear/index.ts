export { LINEAR_DEFAULT_THRESHOLD } from './default-threshold';
export { createLinearEngine } from './linear-engine';
export type { LinearEngineDeps } from './linear-engine';
export { linearModelPayloadSchema } from './linear-model';
export type { LinearModel, LinearModelPayload } from './linear-model';
export { linearSettingsSchema } from './linear-settings';
export type { LinearEngineOptions, LinearSettings } from './linear-settings';
