import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from '../config';

/**
 * Paths never written to logs, at any level: credentials, signatures, and contact data (emails, phone
 * numbers, free text) wherever a log object carries them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'res.headers["set-cookie"]',
  'access_token',
  '*.access_token',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'signed_request',
  '*.signed_request',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'text',
  '*.text',
  'attributes',
  '*.attributes',
];

/**
 * The process logger: JSON lines (pino) with stable dotted `event` names, secrets redacted.
 * `destination` defaults to stdout; the terminal chat sends logs to stderr; tests pass a stream.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination: number | DestinationStream = 1,
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'parley' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination,
  );
}
