/**
 * The logging the NLU module needs: a subset of pino's `Logger`, so a pino logger (or a child of one)
 * can be passed as is. Every call gets a structured object first and a stable dotted event name.
 */
export interface NluLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything; the default when none is given. */
export const silentNluLogger: NluLogger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
