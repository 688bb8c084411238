import type { Config } from '../config';
import { loadConfig } from '../config';
import { isParleyError } from '../core';

/**
 * Reads the configuration for a command, with command-line overrides given as env names. An invalid
 * configuration prints the variables at fault and exits with code 2.
 */
export function loadCliConfig(overrides: Record<string, string | undefined> = {}): Config {
  try {
    return loadConfig(overrides);
  } catch (error) {
    if (isParleyError(error, 'config.invalid')) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
