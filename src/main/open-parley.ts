import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Parley } from './create-parley';
import { createParley } from './create-parley';
import { createStore } from './create-store';

/** Opens the configured store (MongoDB or SQLite) and wires a {@link Parley} on it. */
export async function openParley(config: Config, logger: Logger): Promise<Parley> {
  const store = await createStore(config, logger);
  return createParley(config, logger, { store });
}
