import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../config';

/** Paths never written to logs: credentials and signatures. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'res.headers["set-cookie"]',
];

/**
 * The process logger: JSON lines (pino) with stable dotted `event` names, secrets redacted.
 * `destination` defaults to stdout; the terminal chat sends logs to stderr.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: number = 1): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'parley' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.destination({ fd: destination, sync: false }),
  );
}
