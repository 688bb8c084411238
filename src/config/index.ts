export { envSchema, loadConfig, parseConfig } from './env';
export type { Config } from './env';
